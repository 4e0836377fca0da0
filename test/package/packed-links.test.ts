import { execFileSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

import { brokenLinks } from "../docs/markdown";

// The README is what npm shows and what a merchant opens in node_modules: every page, guide and
// image it links, and every link of those, must be in the tarball, not only in the repository.

const root = resolve(__dirname, "../..");
let dir: string;
let unpacked: string;

beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), "express-doku-links-"));
  const packed = execFileSync("npm", ["pack", "--pack-destination", dir, "--json", "--silent"], {
    cwd: root,
    encoding: "utf8",
    timeout: 120_000,
  });
  const [{ filename }] = JSON.parse(packed) as [{ filename: string }];
  execFileSync("tar", ["-xzf", join(dir, filename), "-C", dir]);
  unpacked = join(dir, "package");
}, 180_000);

afterAll(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

/** Every file of the unpacked tarball, from its root. */
function filesUnder(path = ""): string[] {
  return readdirSync(join(unpacked, path)).flatMap((name) => {
    const file = path === "" ? name : `${path}/${name}`;
    return statSync(join(unpacked, file)).isDirectory() ? filesUnder(file) : [file];
  });
}

it("every relative link in each markdown file it ships resolves inside the tarball, its anchor included", () => {
  const markdown = filesUnder().filter((file) => file.endsWith(".md"));
  expect(markdown).toEqual(expect.arrayContaining(["README.md", "CHANGELOG.md"]));
  const read = (file: string) => readFileSync(join(unpacked, file), "utf8");
  const exists = (file: string) => existsSync(join(unpacked, file));
  const broken = markdown.flatMap((file) =>
    brokenLinks(file, read, exists, "the tarball").map((problem) => `${file}: ${problem}`),
  );
  expect(broken).toEqual([]);
});
