import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";

import ts from "typescript";

// The folders of src/ are layers: each may import only the folders listed for it here, so the
// arrows point down and a room never reaches into a room beside or above it.
const SRC = resolve(__dirname, "../../src");
const MAY_IMPORT: Record<string, readonly string[]> = {
  signature: [],
  protocol: ["signature"],
  options: ["signature", "protocol"],
  http: ["signature", "protocol"],
  stores: ["protocol", "options", "http"],
  inbox: ["options", "http", "stores"],
  pipeline: ["signature", "protocol", "options", "http", "stores"],
  inquiry: ["signature", "protocol", "options", "http", "stores", "pipeline"],
  notification: ["signature", "protocol", "options", "http", "stores", "inbox", "pipeline"],
  fetch: ["signature", "protocol", "options", "http", "stores", "pipeline", "inquiry", "notification"],
  fastify: ["signature", "protocol", "options", "http", "stores", "pipeline", "inquiry", "notification"],
  postgres: ["options", "inbox"],
  sqlite: ["options", "inbox"],
  mysql: ["options", "inbox"],
  knex: ["options", "inbox"],
  kysely: ["options", "inbox"],
  drizzle: ["options", "inbox"],
  client: ["signature", "protocol", "options"],
  testing: ["signature", "protocol", "http"],
  emulator: ["signature", "protocol", "options", "http", "stores", "client"],
  cli: ["signature", "protocol", "options", "client", "emulator"],
  prometheus: ["protocol", "pipeline", "client", "reconciler"],
  otel: ["protocol", "pipeline", "client", "reconciler"],
  reconciler: ["signature", "protocol", "options", "http", "stores", "inbox", "pipeline", "notification", "client"],
};
// A room whose public entry is all a room above may see of it.
const ENTRY_ONLY = new Set(["emulator"]);

function sourceFiles(folder: string): string[] {
  return readdirSync(folder).flatMap((name) => {
    const path = join(folder, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return path.endsWith(".ts") ? [path] : [];
  });
}

function resolveImport(from: string, specifier: string): string | undefined {
  if (!specifier.startsWith(".")) return undefined;
  const base = resolve(dirname(from), specifier);
  for (const candidate of [`${base}.ts`, join(base, "index.ts")]) if (existsSync(candidate)) return candidate;
  return undefined;
}

/** Each file of src/ with the files of src/ it imports (types included). */
function importGraph(): Map<string, string[]> {
  const graph = new Map<string, string[]>();
  for (const file of sourceFiles(SRC)) {
    const imported = ts
      .preProcessFile(readFileSync(file, "utf8"), true, true)
      .importedFiles.map((f) => resolveImport(file, f.fileName))
      .filter((f): f is string => f !== undefined && f.startsWith(SRC));
    graph.set(file, imported);
  }
  return graph;
}

const folderOf = (file: string): string => {
  const parts = relative(SRC, file).split("/");
  return parts.length === 1 ? "." : (parts[0] as string);
};
const name = (file: string) => relative(SRC, file);

function cycles(graph: Map<string, string[]>): string[][] {
  const found: string[][] = [];
  const state = new Map<string, "open" | "done">();
  const path: string[] = [];
  const visit = (file: string): void => {
    state.set(file, "open");
    path.push(file);
    for (const next of graph.get(file) ?? []) {
      if (state.get(next) === "open") found.push([...path.slice(path.indexOf(next)), next].map(name));
      else if (!state.has(next)) visit(next);
    }
    path.pop();
    state.set(file, "done");
  };
  for (const file of graph.keys()) if (!state.has(file)) visit(file);
  return found;
}

describe("the layers of src/", () => {
  const graph = importGraph();

  it("has no import cycle", () => {
    expect(cycles(graph)).toEqual([]);
  });

  it("has every folder in the layer table", () => {
    const folders = new Set([...graph.keys()].map(folderOf));
    folders.delete(".");
    expect([...folders].filter((f) => !(f in MAY_IMPORT))).toEqual([]);
  });

  it("imports only downwards: no folder imports from one above or beside it", () => {
    const wrong: string[] = [];
    for (const [file, imports] of graph) {
      const from = folderOf(file);
      for (const target of imports) {
        const to = folderOf(target);
        if (from === to) continue;
        const allowed = from === "." ? name(file) === "index.ts" : (MAY_IMPORT[from] ?? []).includes(to);
        if (!allowed) wrong.push(`${name(file)} -> ${name(target)}`);
        else if (ENTRY_ONLY.has(to) && target !== join(SRC, to, "index.ts"))
          wrong.push(`${name(file)} -> ${name(target)} (not its entry)`);
      }
    }
    expect(wrong).toEqual([]);
  });

  it("keeps the testing kit out of the emulator and the CLI", () => {
    const intoTesting = [...graph]
      .filter(([file]) => ["emulator", "cli"].includes(folderOf(file)))
      .flatMap(([file, imports]) =>
        imports.filter((t) => folderOf(t) === "testing").map((t) => `${name(file)} -> ${name(t)}`),
      );
    expect(intoTesting).toEqual([]);
  });

  it("keeps the emulator's rooms apart: a room sees the emulator's shared files, never another room or the server", () => {
    const emulator = join(SRC, "emulator");
    const roomOf = (file: string) => {
      const parts = relative(emulator, file).split("/");
      return parts.length === 1 ? undefined : parts[0];
    };
    const server = [join(emulator, "start-doku-emulator.ts"), join(emulator, "index.ts")];
    const wrong = [...graph]
      .filter(([file]) => folderOf(file) === "emulator" && roomOf(file) !== undefined)
      .flatMap(([file, imports]) =>
        imports
          .filter((t) => folderOf(t) === "emulator")
          .filter((t) => server.includes(t) || (roomOf(t) !== undefined && roomOf(t) !== roomOf(file)))
          .map((t) => `${name(file)} -> ${name(t)}`),
      );
    expect(wrong).toEqual([]);
  });

  it("finds a cycle and an upward import when there is one (the check can fail)", () => {
    const a = join(SRC, "signature/a.ts");
    const b = join(SRC, "signature/b.ts");
    expect(
      cycles(
        new Map([
          [a, [b]],
          [b, [a]],
        ]),
      ),
    ).toEqual([["signature/a.ts", "signature/b.ts", "signature/a.ts"]]);
    expect(MAY_IMPORT.signature).not.toContain("testing");
    expect(MAY_IMPORT.emulator).not.toContain("testing");
  });
});
