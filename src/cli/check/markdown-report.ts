import { CHECKS } from "./check-catalog";
import { countLine, timingLine, verdict } from "./check-summary";
import type { CheckOutcome, CheckRun } from "./check-types";

const cell = (text: string) => text.replace(/\|/g, "\\|").replace(/\s*\n\s*/g, " ");
const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function section(o: CheckOutcome): string[] {
  const d = CHECKS[o.id];
  const lines = [`### ${code(o.id)}: ${d.title}`, ""];
  for (const detail of o.details) lines.push(`- ${detail}`);
  if (o.status === "failed") lines.push("", `**What DOKU does:** ${d.doku}.`, "", `**How to fix it:** ${d.fix}.`);
  lines.push("");
  return lines;
}

/** The report a merchant sends DOKU: what was checked, against which URLs, and what came of it. */
export function markdownReport(run: CheckRun): string {
  const lines = [
    "# DOKU go-live check",
    "",
    `- Inquiry URL: ${run.inquiryUrl}`,
    `- Notification URL: ${run.notifyUrl}`,
    `- Client-Id: ${code(run.clientId)}`,
    `- Run: ${run.startedAt}, by express-doku check`,
    `- ${countLine(run)}`,
    `- ${timingLine(run)}`,
    "",
    `**${verdict(run)}**`,
    "",
    "| Check | What it asks | Result |",
    "|---|---|---|",
  ];
  for (const o of run.outcomes) lines.push(`| ${code(o.id)} | ${cell(CHECKS[o.id].title)} | ${o.status} |`);
  lines.push("");
  for (const [heading, status] of [
    ["Failed", "failed"],
    ["To confirm", "to confirm"],
    ["Skipped", "skipped"],
    ["Passed", "passed"],
  ] as const) {
    const these = run.outcomes.filter((o) => o.status === status);
    if (these.length === 0) continue;
    lines.push(`## ${heading}`, "");
    for (const o of these) lines.push(...section(o));
  }
  return `${lines.join("\n").trimEnd()}\n`;
}
