/**
 * The result shape of every layer that can refuse (the signature layer keeps its documented
 * `valid`): a value, or a failure with a stable `reason` and a `detail` for people, and
 * whatever else the caller needs to answer it.
 */
export type Failure<Reason extends string = string> = { ok: false; reason: Reason; detail: string };
export type Result<Value extends object = object, Reason extends string = string, Extra extends object = object> =
  ({ ok: true } & Value) | (Failure<Reason> & Extra);
