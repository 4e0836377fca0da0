import { parseArgs, type ParseArgsConfig } from "node:util";

import { editDistance } from "../signature/edit-distance";

/** The nearest known option, if it is near enough to be the one meant: a typo, a `_` for a `-`. */
function nearest(word: string, known: readonly string[]): string | undefined {
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: { name: string; distance: number } | undefined;
  for (const name of known) {
    const distance = editDistance(word.toLowerCase(), name, limit);
    if (distance <= limit && (best === undefined || distance < best.distance)) best = { name, distance };
  }
  return best?.name;
}

/**
 * The first option of `argv` the CLI does not know, said as a person would ("unknown option
 * --paymnet-code; did you mean --payment-code?"), or `undefined` when it knows them all.
 */
export function unknownOption(
  argv: readonly string[],
  options: NonNullable<ParseArgsConfig["options"]>,
): string | undefined {
  const known = Object.keys(options);
  const { tokens } = parseArgs({ args: [...argv], options, strict: false, allowPositionals: true, tokens: true });
  for (const token of tokens) {
    if (token.kind !== "option" || known.includes(token.name)) continue;
    // A long name with one dash ("-payment-code") is read as a group of short options: show it whole.
    const written = (argv[token.index] ?? token.rawName).split("=")[0] as string;
    const suggestion = nearest(written.replace(/^-+/, ""), known);
    return `unknown option ${written}; ${suggestion === undefined ? "see express-doku --help" : `did you mean --${suggestion}?`}`;
  }
  return undefined;
}
