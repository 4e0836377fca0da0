import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, normalize, resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");

/** The repository's documentation: what its links and code blocks are checked in. */
export function documentationFiles(): string[] {
  const docs = readdirSync(resolve(ROOT, "docs"))
    .filter((name) => name.endsWith(".md"))
    .sort()
    .map((name) => `docs/${name}`);
  return [
    "README.md",
    "CONTRIBUTING.md",
    "SECURITY.md",
    "CHANGELOG.md",
    "example-app/README.md",
    "examples/fastify/README.md",
    "examples/hono/README.md",
    ...docs,
  ];
}

export const readDoc = (file: string): string => readFileSync(resolve(ROOT, file), "utf8");

export interface FencedBlock {
  lang: string;
  /** The block's lines, each ending in a newline. */
  code: string;
}

/** A markdown text as a sequence of prose lines and fenced blocks, in order. */
export function* markdownParts(text: string): Generator<{ line: string } | { block: FencedBlock }> {
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of text.split("\n")) {
    if (open !== undefined) {
      if (line.trimEnd() === "```") {
        yield { block: { lang: open.lang, code: open.lines.map((l) => `${l}\n`).join("") } };
        open = undefined;
      } else open.lines.push(line);
      continue;
    }
    const fence = /^```(\S*)\s*$/.exec(line);
    if (fence) open = { lang: fence[1] as string, lines: [] };
    else yield { line };
  }
}

/** The lines outside fenced blocks, without inline code spans (a `[x](y)` in backticks is no link). */
function proseLines(text: string): string[] {
  const lines: string[] = [];
  for (const part of markdownParts(text)) if ("line" in part) lines.push(part.line.replace(/`[^`]*`/g, ""));
  return lines;
}

/** GitHub's anchor for a heading: lowercase, punctuation but `-` and `_` dropped, each space a `-`. */
export function slug(heading: string): string {
  const text = heading
    .replace(/!?\[([^\]]*)\]\([^)]*\)/g, "$1")
    .trim()
    .toLowerCase();
  return text.replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, "").replace(/ /g, "-");
}

/** Every heading's anchor; a repeated heading gets `-1`, `-2`, … as on GitHub. */
export function headingAnchors(text: string): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const part of markdownParts(text)) {
    if (!("line" in part)) continue;
    const heading = /^#{1,6} (.*?)#*\s*$/.exec(part.line);
    if (heading === null) continue;
    const base = slug(heading[1] as string);
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

/** The targets of the links and images that point inside the repository (no scheme), as written. */
export function relativeLinks(text: string): string[] {
  const targets: string[] = [];
  for (const line of proseLines(text)) {
    for (const m of line.matchAll(/!?\[[^\]]*\]\(\s*<?([^)\s>]+)>?(?:\s+"[^"]*")?\s*\)/g)) targets.push(m[1] as string);
    const definition = /^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s+"[^"]*")?\s*$/.exec(line);
    if (definition) targets.push(definition[1] as string);
  }
  return targets.filter((target) => !/^[a-z][a-z0-9+.-]*:/i.test(target));
}

/**
 * The relative links in `file` that do not resolve: to no file `exists` knows, or, into a markdown file, to none of
 * its headings. `read` and `exists` take paths from one root: the repository's, or an unpacked package's.
 */
export function brokenLinks(
  file: string,
  read: (file: string) => string,
  exists: (file: string) => boolean,
  where: string,
): string[] {
  const broken: string[] = [];
  for (const link of relativeLinks(read(file))) {
    const [path = "", anchor] = link.split("#", 2);
    const target = path === "" ? file : normalize(join(dirname(file), decodeURIComponent(path)));
    if (target.startsWith("..") || !exists(target)) broken.push(`${link}: no ${target} in ${where}`);
    else if (anchor !== undefined && target.endsWith(".md") && !headingAnchors(read(target)).has(anchor)) {
      broken.push(`${link}: ${target} has no heading whose anchor is #${anchor}`);
    }
  }
  return broken;
}
