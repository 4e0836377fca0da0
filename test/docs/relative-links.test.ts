import { existsSync, readdirSync, statSync } from "node:fs";
import { resolve } from "node:path";

import { brokenLinks, documentationFiles, headingAnchors, readDoc, relativeLinks, ROOT, slug } from "./markdown";

// Every link from the documentation into the repository resolves: to a file that exists and, for
// an #anchor into a markdown file, to one of its headings, by GitHub's rule for anchors.

it("knows GitHub's anchors", () => {
  expect(slug("DOKU's protocol")).toBe("dokus-protocol");
  expect(slug("The local DOKU (`express-doku/emulator`)")).toBe("the-local-doku-express-dokuemulator");
  expect(slug("2026-12-02 (third session), the benchmark issue: the stores' own encodings")).toBe(
    "2026-12-02-third-session-the-benchmark-issue-the-stores-own-encodings",
  );
  expect(slug("info and info1")).toBe("info-and-info1");
  expect([...headingAnchors("# A\n\n## Same\n\n```sh\n# not a heading\n```\n\n## Same\n")]).toEqual([
    "a",
    "same",
    "same-1",
  ]);
  expect(
    relativeLinks("[a](docs/x.md#y) `[b](c.md)` [d](https://e.example) ![f](g.png)\n```\n[h](i.md)\n```\n"),
  ).toEqual(["docs/x.md#y", "g.png"]);
});

it("checks the README, the guides, the example's manual, the changelog and every page in docs/", () => {
  expect(documentationFiles()).toEqual(
    expect.arrayContaining([
      "README.md",
      "CONTRIBUTING.md",
      "SECURITY.md",
      "example-app/README.md",
      "docs/protocol.md",
      "docs/doku-api.md",
      "docs/emulator.md",
    ]),
  );
});

it.each(documentationFiles())("every relative link in %s resolves, its anchor included", (file) => {
  const exists = (target: string) => existsSync(resolve(ROOT, target));
  expect(brokenLinks(file, readDoc, exists, "the repository")).toEqual([]);
});

/** Every file under `dir`, from the repository's root. */
function filesUnder(dir: string): string[] {
  return readdirSync(resolve(ROOT, dir)).flatMap((name) => {
    const path = `${dir}/${name}`;
    return statSync(resolve(ROOT, path)).isDirectory() ? filesUnder(path) : [path];
  });
}

// Last, on purpose: the spec sheets the project was built from are not in the repository, so
// nothing may send a reader to them; docs/protocol.md and docs/doku-api.md replace them.
it("no source file or page cites DOKU-API.md or PROTOCOL.md, which readers of the repository do not have", () => {
  const citing: string[] = [];
  for (const file of [...filesUnder("src"), ...documentationFiles()]) {
    readDoc(file)
      .split("\n")
      .forEach((line, i) => {
        if (/DOKU-API\.md|PROTOCOL\.md/.test(line)) citing.push(`${file}:${i + 1}: ${line.trim()}`);
      });
  }
  expect(citing).toEqual([]);
});
