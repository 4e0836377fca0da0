const QUOTE = 0x22;
const BACKSLASH = 0x5c;

/**
 * The first key that appears twice in one object of this JSON text, or `undefined`. JSON.parse
 * keeps the last of them silently, so two readers of the same bytes could see two values.
 * Runs on text JSON.parse has accepted: only strings, braces, brackets and commas matter.
 */
export function duplicateKeyIn(text: string): string | undefined {
  // One entry per open object (its keys so far) or array (`null`).
  const open: Array<Set<string> | null> = [];
  let keyNext = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      let end = i + 1;
      let escaped = false;
      while (text.charCodeAt(end) !== QUOTE) {
        if (text.charCodeAt(end) === BACKSLASH) {
          escaped = true;
          end++;
        }
        end++;
      }
      const keys = open[open.length - 1];
      if (keyNext && keys) {
        // "a" and "\u0061" are one key: compare what the escapes decode to.
        const key = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : text.slice(i + 1, end);
        if (keys.has(key)) return key;
        keys.add(key);
        keyNext = false;
      }
      i = end;
    } else if (c === 0x7b) {
      open.push(new Set());
      keyNext = true;
    } else if (c === 0x5b) {
      open.push(null);
    } else if (c === 0x7d || c === 0x5d) {
      open.pop();
    } else if (c === 0x2c) {
      keyNext = open[open.length - 1] instanceof Set;
    }
  }
  return undefined;
}
