import { readFileSync } from "node:fs";
import { join } from "node:path";

import ts from "typescript";

// The public API is what docs/api.md and the README's API section list: each entry point's
// export list, name for name, values and types told apart.
const root = join(__dirname, "../..");
const ENTRIES: Record<string, string> = {
  "express-doku": "src/index.ts",
  "express-doku/signature": "src/signature/index.ts",
  "express-doku/fetch": "src/fetch/index.ts",
  "express-doku/fastify": "src/fastify/index.ts",
  "express-doku/testing": "src/testing/index.ts",
  "express-doku/emulator": "src/emulator/index.ts",
};

function exportsOf(): Map<string, string[]> {
  const files = Object.values(ENTRIES).map((f) => join(root, f));
  const program = ts.createProgram(files, {
    strict: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    noEmit: true,
  });
  const checker = program.getTypeChecker();
  const found = new Map<string, string[]>();
  for (const [entry, file] of Object.entries(ENTRIES)) {
    const source = program.getSourceFile(join(root, file)) as ts.SourceFile;
    const names = checker.getExportsOfModule(checker.getSymbolAtLocation(source) as ts.Symbol).map((symbol) => {
      const target = symbol.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(symbol) : symbol;
      const typeOnly = symbol.declarations?.some((d) => ts.isTypeOnlyImportOrExportDeclaration(d)) ?? false;
      return (target.flags & ts.SymbolFlags.Value) !== 0 && !typeOnly ? symbol.name : `type ${symbol.name}`;
    });
    found.set(entry, names.sort());
  }
  return found;
}

/** The names a list item starts with: "- `a(x)`, `type B`: what they are" gives `a` and `type B`. */
function listedNames(markdown: string): string[] {
  const names: string[] = [];
  for (const line of markdown.split("\n")) {
    if (!line.startsWith("- ")) continue;
    const head = line.slice(2, line.indexOf("`: ") + 1);
    for (const [, name] of head.matchAll(/`([^`]+)`/g)) names.push((name as string).replace(/\(.*\)$/, ""));
  }
  return names.sort();
}

function sections(markdown: string, level: string): Map<string, string> {
  const parts = new Map<string, string>();
  const pieces = markdown.split(new RegExp(`^${level} `, "m")).slice(1);
  for (const piece of pieces) parts.set(piece.slice(0, piece.indexOf("\n")).trim(), piece);
  return parts;
}

const actual = exportsOf();

it.each(Object.keys(ENTRIES))("docs/api.md lists exactly what %s exports", (entry) => {
  const doc = sections(readFileSync(join(root, "docs/api.md"), "utf8"), "##").get(`\`${entry}\``);
  expect(doc).toBeDefined();
  expect(listedNames(doc as string)).toEqual(actual.get(entry));
});

it("the README's API section lists exactly what the root entry exports", () => {
  const api = sections(readFileSync(join(root, "README.md"), "utf8"), "##").get("API");
  expect(api).toBeDefined();
  expect(listedNames(api as string)).toEqual(actual.get("express-doku"));
});

it("the root entry holds no internals", () => {
  const names = actual.get("express-doku") as string[];
  for (const internal of [
    "rawJsonValueAt",
    "diagnoseMismatch",
    "inquiryAnswerBody",
    "parseDokuBody",
    "inquiryRequestSchema",
    "MemoryStore",
    "RedisStore",
  ]) {
    expect(names).not.toContain(internal);
  }
});
