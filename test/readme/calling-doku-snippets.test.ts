import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import ts from "typescript";

// The README's "Calling DOKU" and "Local DOKU" code, taken from the README itself and compiled
// under strict, as a merchant's project would compile it.
const ROOT = resolve(__dirname, "../..");
const README = readFileSync(resolve(ROOT, "README.md"), "utf8");

function blocksOf(heading: string): string[] {
  const start = README.indexOf(`\n## ${heading}\n`);
  const end = README.indexOf("\n## ", start + 1);
  const section = README.slice(start, end);
  return [...section.matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1] as string);
}

/** One module per section: its imports on top, the rest in an async function (the README uses await). */
function moduleOf(blocks: string[]): string {
  const lines = blocks.join("\n").split("\n");
  const imports = lines.filter((l) => l.startsWith("import "));
  const body = lines.filter((l) => !l.startsWith("import "));
  return `${imports.join("\n")}\nexport async function snippet(): Promise<void> {\n${body.join("\n")}\n}\n`;
}

function diagnostics(files: Record<string, string>): string[] {
  const options: ts.CompilerOptions = {
    strict: true,
    noUncheckedIndexedAccess: true,
    target: ts.ScriptTarget.ES2022,
    lib: ["lib.es2022.d.ts"],
    resolveJsonModule: true,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    types: ["node"],
    skipLibCheck: true,
    noEmit: true,
    noUnusedLocals: false,
    baseUrl: ROOT,
    paths: { "express-doku": ["src/index.ts"], "express-doku/emulator": ["src/emulator/index.ts"] },
  };
  const host = ts.createCompilerHost(options);
  const read = host.readFile.bind(host);
  host.readFile = (name) => files[name] ?? read(name);
  const exists = host.fileExists.bind(host);
  host.fileExists = (name) => name in files || exists(name);
  const program = ts.createProgram(Object.keys(files), options, host);
  return ts.getPreEmitDiagnostics(program).map((d) => `${d.file?.fileName ?? ""}: ${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`);
}

it("has the blocks it compiles", () => {
  expect(blocksOf("Calling DOKU")).toHaveLength(2);
  expect(blocksOf("Local DOKU")).toHaveLength(1);
});

it("compiles them under strict, against the package's types", () => {
  const files = {
    [resolve(ROOT, "test/readme/calling-doku.snippet.ts")]: moduleOf(blocksOf("Calling DOKU")),
    [resolve(ROOT, "test/readme/local-doku.snippet.ts")]: moduleOf(blocksOf("Local DOKU")),
  };
  expect(diagnostics(files)).toEqual([]);
}, 60_000);
