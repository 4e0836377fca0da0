/** A wrong option, in the one form every entry point uses: a TypeError that names it. */
export function optionError(name: string, problem: string): TypeError {
  return new TypeError(`express-doku: option \`${name}\` ${problem}`);
}

/** The options argument itself is not an object; `holding` says what it should carry. */
export function checkOptionsObject(options: unknown, holding?: string): asserts options is object {
  if (typeof options !== "object" || options === null) {
    throw new TypeError(`express-doku: options must be an object${holding === undefined ? "" : ` with ${holding}`}`);
  }
}

/** What a wrong value is, without showing it (it may be a secret). */
export function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  const type = typeof value === "object" ? (value as { type?: unknown }).type : undefined;
  if (typeof type === "string") return `a ${type} KeyObject`;
  return `a ${typeof value}`;
}
