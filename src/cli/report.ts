import type { Step } from "./simulate";

export interface Style {
  ok(text: string): string;
  bad(text: string): string;
  dim(text: string): string;
}

const paint = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
export const COLOURS: Style = { ok: paint(32), bad: paint(31), dim: paint(2) };
export const PLAIN: Style = { ok: (t) => t, bad: (t) => t, dim: (t) => t };

/** Lines for a person: what was sent, what came back, what DOKU would object to. */
export function describeSteps(steps: readonly Step[], style: Style): string {
  const lines: string[] = [];
  for (const step of steps) {
    lines.push(
      `${step.kind === "inquiry" ? "Inquiry" : "Notification"} -> ${step.url}  ${style.dim(`Request-Id ${step.requestId}`)}`,
    );
    const status = step.inquiryStatus === undefined ? "" : `, status ${step.inquiryStatus}`;
    const order = step.order ? `, invoice ${step.order.invoice_number}, amount ${step.order.amount}` : "";
    if (step.sent !== undefined) {
      const indomaret = step.sent.chain === "indomaret";
      lines.push(
        `  sent: ${indomaret ? "Indomaret, " : ""}status ${step.sent.status}, invoice ${step.sent.invoiceNumber}, amount ${step.sent.amount}, AGENT_TRX_ID ${step.sent.agentTrxId}`,
      );
      lines.push(
        `  ${style.dim(`again: ${indomaret ? "--chain indomaret " : ""}--request-id ${step.requestId} --agent-trx-id ${step.sent.agentTrxId} --date ${step.sent.date} --original-request-id ${step.sent.originalRequestId}`)}`,
      );
    }
    lines.push(`  HTTP ${step.httpStatus}${status}${order}`);
    if (step.signatureValid !== undefined) {
      lines.push(`  answer signature: ${step.signatureValid ? style.ok("verified") : style.bad("does NOT verify")}`);
    }
    for (const problem of step.problems) lines.push(`  ${style.bad("✗")} ${problem}`);
    if (step.problems.length === 0) lines.push(`  ${style.ok("✓")} everything DOKU checks passed`);
    if (step.advice !== undefined) lines.push(`  ${style.bad("✗")} ${step.advice}`);
  }
  return lines.join("\n");
}
