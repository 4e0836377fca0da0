import { readFileSync } from "node:fs";
import { resolve } from "node:path";

export const ROOT = resolve(__dirname, "../..");

export interface ReadmeBlock {
  /** The section (## heading) it stands in. */
  section: string;
  lang: string;
  code: string;
  /** Its place among the section's blocks of its language, from 0. */
  index: number;
}

/** Every fenced block of the README, read from the README itself. */
export function readmeBlocks(): ReadmeBlock[] {
  const text = readFileSync(resolve(ROOT, "README.md"), "utf8");
  const blocks: ReadmeBlock[] = [];
  let section = "";
  const counts = new Map<string, number>();
  for (const part of text.split(/^(## .*)$/m)) {
    if (part.startsWith("## ")) {
      section = part.slice(3).trim();
      continue;
    }
    for (const m of part.matchAll(/^```(\w+)\n([\s\S]*?)^```$/gm)) {
      const key = `${section}\n${m[1]}`;
      const index = counts.get(key) ?? 0;
      counts.set(key, index + 1);
      blocks.push({ section, lang: m[1] as string, code: m[2] as string, index });
    }
  }
  return blocks;
}

export function block(section: string, lang: string, index = 0): string {
  const found = readmeBlocks().find((b) => b.section === section && b.lang === lang && b.index === index);
  if (found === undefined) throw new Error(`the README has no ${lang} block ${index} in "${section}"`);
  return found.code;
}
