import { optionError } from "./option-error";

/** A callback the caller must give. */
export function functionOption<F>(name: string, value: unknown, problem = "must be a function"): F {
  if (typeof value !== "function") throw optionError(name, problem);
  return value as F;
}

/** A callback the caller may give; `undefined` when absent. */
export function optionalFunction<F>(name: string, value: unknown, problem = "must be a function"): F | undefined {
  return value === undefined ? undefined : functionOption<F>(name, value, problem);
}
