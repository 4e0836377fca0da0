// Reads the source text of one value inside a JSON document that JSON.parse already
// accepted, so that a number can be taken as written instead of as a rounded double.
// Iterative on purpose: attacker-chosen nesting depth must not reach the call stack.

const WHITESPACE = new Set([" ", "\t", "\n", "\r"]);

function skipWhitespace(text: string, i: number): number {
  while (i < text.length && WHITESPACE.has(text[i] as string)) i++;
  return i;
}

function skipString(text: string, i: number): number {
  for (i++; i < text.length; i++) {
    if (text[i] === "\\") i++;
    else if (text[i] === '"') return i + 1;
  }
  return i;
}

function skipValue(text: string, i: number): number {
  const first = text[i];
  if (first === '"') return skipString(text, i);
  if (first === "{" || first === "[") {
    let depth = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"') {
        i = skipString(text, i);
        continue;
      }
      if (c === "{" || c === "[") depth++;
      else if (c === "}" || c === "]") depth--;
      i++;
      if (depth === 0) return i;
    }
    return i;
  }
  while (i < text.length && !WHITESPACE.has(text[i] as string) && text[i] !== "," && text[i] !== "}" && text[i] !== "]")
    i++;
  return i;
}

/** Start of the member `key` of the object at `i` (the last one, as JSON.parse keeps it). */
function memberStart(text: string, i: number, key: string): number | undefined {
  if (text[i] !== "{") return undefined;
  let found: number | undefined;
  i = skipWhitespace(text, i + 1);
  while (text[i] === '"') {
    const keyEnd = skipString(text, i);
    const name: unknown = JSON.parse(text.slice(i, keyEnd));
    const valueStart = skipWhitespace(text, skipWhitespace(text, keyEnd) + 1); // past the colon
    if (name === key) found = valueStart;
    i = skipWhitespace(text, skipValue(text, valueStart));
    if (text[i] === ",") i = skipWhitespace(text, i + 1);
  }
  return found;
}

/** The source text of the value at `path` in a valid JSON document, or `undefined`. */
export function rawJsonValueAt(text: string, path: readonly string[]): string | undefined {
  let at: number | undefined = skipWhitespace(text, 0);
  for (const key of path) {
    at = memberStart(text, at, key);
    if (at === undefined) return undefined;
  }
  return text.slice(at, skipValue(text, at));
}
