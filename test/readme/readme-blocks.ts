import { documentationFiles, markdownParts, readDoc, ROOT } from "../docs/markdown";

export { ROOT };

export interface DocBlock {
  /** The markdown file it is in, from the repository's root. */
  file: string;
  /** The section it stands in: the nearest `#` or `##` heading above it. */
  section: string;
  lang: string;
  code: string;
  /** Its place among the section's blocks of its language, from 0. */
  index: number;
}

/** Every fenced block of a markdown file, read from the file itself. */
export function markdownBlocks(file: string): DocBlock[] {
  const blocks: DocBlock[] = [];
  const counts = new Map<string, number>();
  let section = "";
  for (const part of markdownParts(readDoc(file))) {
    if ("line" in part) {
      const heading = /^#{1,2} (.*)$/.exec(part.line);
      if (heading) section = (heading[1] as string).trim();
      continue;
    }
    const key = `${section}\n${part.block.lang}`;
    const index = counts.get(key) ?? 0;
    counts.set(key, index + 1);
    blocks.push({ file, section, lang: part.block.lang, code: part.block.code, index });
  }
  return blocks;
}

/** Every fenced block of the documentation: the README, the guides, the example's manual and docs/. */
export function documentationBlocks(): DocBlock[] {
  return documentationFiles().flatMap(markdownBlocks);
}

/** The code of one block: the `index`-th `lang` block of `section` in `file`. */
export function block(section: string, lang: string, index = 0, file = "README.md"): string {
  const found = markdownBlocks(file).find((b) => b.section === section && b.lang === lang && b.index === index);
  if (found === undefined) throw new Error(`${file} has no ${lang} block ${index} in "${section}"`);
  return found.code;
}

/** The file a block says it is, by a first line such as `// app.ts`: the merchant's module of that name. */
export function fileNameOf(code: string): string | undefined {
  return /^\/\/ ([\w.-]+\.[jt]s)\s*$/.exec(code.split("\n", 1)[0] as string)?.[1];
}

/** The block of `section` that says it is the file `name`. */
export function fileBlock(section: string, name: string, file = "README.md"): string {
  const found = markdownBlocks(file).find((b) => b.section === section && fileNameOf(b.code) === name);
  if (found === undefined) throw new Error(`${file} has no block "// ${name}" in "${section}"`);
  return found.code;
}
