import type { Output } from "../../src/cli/main";

/** An Output for the CLI's main() that keeps what is written; a TTY gets colours. */
export function capture(isTTY = false): Output & { text: string } {
  const o = {
    text: "",
    isTTY,
    write(t: string) {
      o.text += t;
      return true;
    },
  };
  return o;
}
