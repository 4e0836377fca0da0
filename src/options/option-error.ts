/** A wrong option: a TypeError whose message names it, and which says it in fields for a caller to reword. */
export class OptionError extends TypeError {
  constructor(
    readonly option: string,
    readonly problem: string,
  ) {
    super(`express-doku: option \`${option}\` ${problem}`);
  }
}

/** A wrong option, in the one form every entry point uses. */
export function optionError(name: string, problem: string): OptionError {
  return new OptionError(name, problem);
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
