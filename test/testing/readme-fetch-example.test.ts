import ts from "typescript";

import * as fetchEntry from "../../src/fetch";
import * as testingKit from "../../src/testing";
import { fileBlock } from "../readme/readme-blocks";

// The README's route handler test ("Testing your integration", route.test.ts), run as Jest runs it.
const modules: Record<string, unknown> = { "express-doku/fetch": fetchEntry, "express-doku/testing": testingKit };
const code = ts.transpileModule(fileBlock("Testing your integration", "route.test.ts"), {
  compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 },
}).outputText;
const requireOf = (name: string) => {
  if (!(name in modules))
    throw new Error(`the README's route.test.ts requires ${name}, which this test does not provide`);
  return modules[name];
};
let ran = 0;
const counted: typeof it = ((name: string, fn: () => Promise<void>) => {
  ran += 1;
  return it(`README: ${name}`, fn);
}) as typeof it;

describe("the README's route handler test", () => {
  // eslint-disable-next-line @typescript-eslint/no-implied-eval -- the README's block, compiled
  new Function("require", "exports", "it", "expect", code)(requireOf, {}, counted, expect);

  it("declared its tests", () => {
    expect(ran).toBeGreaterThanOrEqual(1);
  });
});
