import type { ServerResponse } from "node:http";

import {
  HOW_TO_PAY_API_PATH,
  HOW_TO_PAY_PAGE_PATH,
  INDOMARET_HOW_TO_PAY_PAGE_PATH,
  PAYMENT_CODE_FORMAT,
  type StoreChain,
} from "../../protocol";
import { sendHtml, sendJson } from "./http-io";

const STORES: Record<StoreChain, { title: string; steps: readonly string[] }> = {
  alfa: {
    title: "Alfamart, Alfamidi, Lawson, Dan+Dan",
    steps: [
      "Datang ke kasir Alfamart, Alfamidi, Lawson atau Dan+Dan.",
      "Sampaikan ingin membayar DOKU dan sebutkan kode pembayaran.",
      "Bayar tunai sesuai jumlah tagihan dan simpan struknya.",
    ],
  },
  indomaret: {
    title: "Indomaret",
    steps: [
      "Datang ke kasir Indomaret.",
      "Sampaikan ingin membayar DOKU dan sebutkan kode pembayaran.",
      "Bayar tunai sesuai jumlah tagihan dan simpan struknya.",
    ],
  },
};

/** DOKU's how-to-pay page for a code, in the emulator's plainer form (the code is digits only). */
function howToPayPage(paymentCode: string, chain: StoreChain): string {
  const grouped = paymentCode.replace(/(\d{4})(?=\d)/g, "$1 ");
  const { title, steps } = STORES[chain];
  return `<!doctype html><html lang="id"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>Cara bayar di ${chain === "alfa" ? "Alfamart" : "Indomaret"}</title></head>
<body style="font-family:system-ui,sans-serif;max-width:40rem;margin:auto;padding:16px">
<h1>Cara bayar di ${title}</h1>
<p>Kode pembayaran: <strong>${grouped}</strong></p>
<ol>${steps.map((step) => `<li>${step}</li>`).join("")}</ol>
</body></html>`;
}

const PAGES: readonly [string, StoreChain][] = [
  [HOW_TO_PAY_PAGE_PATH, "alfa"],
  [INDOMARET_HOW_TO_PAY_PAGE_PATH, "indomaret"],
];

/** The pages DOKU's how-to-pay links point at; the code in the path is digits only. */
export function howToPay(res: ServerResponse, path: string): boolean {
  const page = PAGES.find(([prefix]) => path.startsWith(prefix));
  if (page === undefined && !path.startsWith(HOW_TO_PAY_API_PATH)) return false;
  const code = path.slice(page === undefined ? HOW_TO_PAY_API_PATH.length : page[0].length);
  if (!PAYMENT_CODE_FORMAT.test(code)) return false;
  if (page !== undefined) sendHtml(res, 200, howToPayPage(code, page[1]));
  else sendJson(res, 200, { payment_code: code, steps: STORES.alfa.steps });
  return true;
}
