import type { ServerResponse } from "node:http";

import { HOW_TO_PAY_API_PATH, HOW_TO_PAY_PAGE_PATH, PAYMENT_CODE_FORMAT } from "../../protocol";
import { sendHtml, sendJson } from "./http-io";

const HOW_TO_PAY_STEPS = [
  "Datang ke kasir Alfamart, Alfamidi, Lawson atau Dan+Dan.",
  "Sampaikan ingin membayar DOKU dan sebutkan kode pembayaran.",
  "Bayar tunai sesuai jumlah tagihan dan simpan struknya.",
] as const;

/** DOKU's how-to-pay page for a code, in the emulator's plainer form (the code is digits only). */
function howToPayPage(paymentCode: string): string {
  const grouped = paymentCode.replace(/(\d{4})(?=\d)/g, "$1 ");
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cara bayar di Alfamart</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:auto;padding:16px">
<h1>Cara bayar di Alfamart, Alfamidi, Lawson, Dan+Dan</h1>
<p>Kode pembayaran: <strong>${grouped}</strong></p>
<ol>${HOW_TO_PAY_STEPS.map((step) => `<li>${step}</li>`).join("")}</ol>
</body></html>`;
}

/** The pages DOKU's how-to-pay links point at; the code in the path is digits only. */
export function howToPay(res: ServerResponse, path: string): boolean {
  const page = path.startsWith(HOW_TO_PAY_PAGE_PATH);
  const code = path.slice(page ? HOW_TO_PAY_PAGE_PATH.length : HOW_TO_PAY_API_PATH.length);
  if (!page && !path.startsWith(HOW_TO_PAY_API_PATH)) return false;
  if (!PAYMENT_CODE_FORMAT.test(code)) return false;
  if (page) sendHtml(res, 200, howToPayPage(code));
  else sendJson(res, 200, { payment_code: code, steps: HOW_TO_PAY_STEPS });
  return true;
}
