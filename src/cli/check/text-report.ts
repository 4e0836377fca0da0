import type { Style } from "../report";
import { CHECKS } from "./check-catalog";
import { countLine, timingLine, verdict } from "./check-summary";
import type { CheckRun, CheckStatus } from "./check-types";

const MARK: Record<CheckStatus, string> = { passed: "✓", failed: "✗", skipped: "-", "to confirm": "?" };

/** For a person at a terminal: one line per check; under a failure what was seen, what DOKU does, the fix. */
export function textReport(run: CheckRun, style: Style): string {
  const lines = [
    `DOKU's go-live check as Client-Id ${run.clientId}`,
    `  Inquiry URL:      ${run.inquiryUrl}`,
    `  Notification URL: ${run.notifyUrl}`,
    "",
  ];
  const width = Math.max(...run.outcomes.map((o) => o.id.length));
  for (const o of run.outcomes) {
    const paint = (t: string) =>
      o.status === "passed" ? style.ok(t) : o.status === "failed" ? style.bad(t) : style.dim(t);
    const after = o.status === "skipped" ? `  ${style.dim(`(${o.details.join("; ")})`)}` : "";
    lines.push(`${paint(MARK[o.status])} ${o.id.padEnd(width)}  ${CHECKS[o.id].title}${after}`);
    if (o.status === "failed") {
      for (const d of o.details) lines.push(`      ${d}`);
      lines.push(`      ${style.bad("DOKU:")} ${CHECKS[o.id].doku}`);
      lines.push(`      ${style.ok("fix:")} ${CHECKS[o.id].fix}`);
    }
    if (o.status === "to confirm") for (const d of o.details) lines.push(`      ${d}`);
  }
  lines.push("", `${countLine(run)}; ${timingLine(run)}`, run.ok ? style.ok(verdict(run)) : style.bad(verdict(run)));
  return lines.join("\n");
}
