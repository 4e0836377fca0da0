const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;
const COMMA = 0x2c;
// Past this many keys an object's keys go into a Set: comparing each with all before it is quadratic.
const LINEAR_KEYS = 16;
const ARRAY = -1;
const NONE_LEFT = -1;

/**
 * Keys seen so far, one run per open object, as positions in the text (no string made for a key
 * without escapes). Reused from one call to the next.
 */
class KeyRuns {
  start = new Int32Array(64);
  end = new Int32Array(64);
  /** The decoded key, for keys with escapes; `undefined` for plain ones (the text between the quotes). */
  decoded: Array<string | undefined> = [];
  length = 0;

  push(start: number, end: number, decoded: string | undefined): void {
    if (this.length === this.start.length) this.#grow();
    this.start[this.length] = start;
    this.end[this.length] = end;
    this.decoded[this.length] = decoded;
    this.length++;
  }

  key(text: string, at: number): string {
    return this.decoded[at] ?? text.slice(this.start[at], this.end[at]);
  }

  /** Whether keys `a` and `b` decode to the same string; plain keys are compared in the text, unsliced. */
  same(text: string, a: number, b: number): boolean {
    if (this.decoded[a] !== undefined || this.decoded[b] !== undefined) return this.key(text, a) === this.key(text, b);
    const aStart = this.start[a] as number;
    const bStart = this.start[b] as number;
    const length = (this.end[a] as number) - aStart;
    if ((this.end[b] as number) - bStart !== length) return false;
    for (let i = 0; i < length; i++) if (text.charCodeAt(aStart + i) !== text.charCodeAt(bStart + i)) return false;
    return true;
  }

  #grow(): void {
    const grown = (from: Int32Array) => {
      const to = new Int32Array(from.length * 2);
      to.set(from);
      return to;
    };
    this.start = grown(this.start);
    this.end = grown(this.end);
  }
}

const runs = new KeyRuns();
// Per open container, indexed by depth: where its keys start in `runs` (`ARRAY` for an array),
// and a Set once it is large. Grown as needed, never shrunk: nothing to allocate per call.
const firstKey: number[] = [];
const large: Array<Set<string> | undefined> = [];

/** Whether the character at `at` follows an odd run of backslashes. */
function escapedAt(text: string, at: number): boolean {
  let backslashes = 0;
  while (text.charCodeAt(at - 1 - backslashes) === BACKSLASH) backslashes++;
  return backslashes % 2 === 1;
}

/**
 * The first key that appears twice in one object of this JSON text, or `undefined`. JSON.parse
 * keeps the last of them silently, so two readers of the same bytes could see two values.
 * Runs on text JSON.parse has accepted: only strings, braces, brackets and commas matter.
 * Allocates nothing for objects of up to 16 keys without escapes: it runs on every request.
 */
export function duplicateKeyIn(text: string): string | undefined {
  let keyNext = false;
  // The first backslash at or after the string being read: found once and moved forward, never searched back.
  let backslash = text.indexOf("\\");
  runs.length = 0;
  let depth = -1;
  // Whether a decoded key or a Set was stored, to be dropped at the end.
  let kept = false;
  try {
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === QUOTE) {
        // The closing quote: the next one not escaped (preceded by an even number of backslashes).
        if (backslash !== NONE_LEFT && backslash <= i) backslash = text.indexOf("\\", i + 1);
        let end = text.indexOf('"', i + 1);
        const escaped = backslash !== NONE_LEFT && backslash < end;
        if (escaped) while (escapedAt(text, end)) end = text.indexOf('"', end + 1);
        if (keyNext) {
          // "a" and "\u0061" are one key: compare what the escapes decode to.
          const decoded = escaped ? (JSON.parse(text.slice(i, end + 1)) as string) : undefined;
          if (escaped) kept = true;
          const at = runs.length;
          runs.push(i + 1, end, decoded);
          const set = large[depth];
          if (set !== undefined) {
            const key = runs.key(text, at);
            if (set.has(key)) return key;
            set.add(key);
          } else {
            const first = firstKey[depth] as number;
            for (let k = first; k < at; k++) if (runs.same(text, k, at)) return runs.key(text, at);
            if (at - first >= LINEAR_KEYS) {
              large[depth] = new Set(Array.from({ length: at - first + 1 }, (_, k) => runs.key(text, first + k)));
              kept = true;
            }
          }
          keyNext = false;
        }
        i = end;
      } else if (c === OPEN_OBJECT || c === OPEN_ARRAY) {
        depth++;
        firstKey[depth] = c === OPEN_OBJECT ? runs.length : ARRAY;
        large[depth] = undefined;
        keyNext = c === OPEN_OBJECT;
      } else if (c === CLOSE_OBJECT || c === CLOSE_ARRAY) {
        const first = firstKey[depth] as number;
        large[depth] = undefined;
        depth--;
        // A closed object's keys are done with: the next object's run starts where its began.
        if (first !== ARRAY) runs.length = first;
      } else if (c === COMMA) {
        keyNext = firstKey[depth] !== ARRAY;
      }
    }
    return undefined;
  } finally {
    // Nothing of this text is kept past the call (the usual text left nothing but `undefined`).
    if (kept) {
      runs.decoded.fill(undefined);
      large.fill(undefined);
    }
  }
}
