// @ts-check
"use strict";
// Server-rendered pages for the customer, Bahasa Indonesia first (English with ?lang=en):
// create an order, then see how to pay it at the till, and what became of it.

/** @typedef {"id" | "en"} Lang */
/** @typedef {import("./bills").Method} Method */
/**
 * @typedef {object} OrderView
 * @property {string} invoice_number
 * @property {Method} method
 * @property {string | null} payment_code
 * @property {number} amount
 * @property {string} expired_at
 * @property {import("./bills").BillState} state
 * @property {string | null} how_to_pay_url
 * @property {{ at: string, agent_id: string | null, store_id: string | null, trx_id: string | null } | null} paid
 * @property {string | null} cancelled_at
 */

const ESCAPES = /** @type {Record<string, string>} */ ({
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  '"': "&quot;",
  "'": "&#39;",
});
/** @param {unknown} value */
const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c] ?? c);
/** @param {number} amount */
const rupiah = (amount) => `Rp${"\u00a0"}${amount.toLocaleString("id-ID")}`;
/** The code in groups of four, to read out to the cashier. @param {string} code */
const grouped = (code) => code.replace(/(\d{4})(?=\d)/g, "$1 ");

const TEXT = {
  id: {
    shop: "Toko Demo",
    intro: "Pesan, lalu bayar tunai di kasir Alfamart, Alfamidi, Lawson atau Dan+Dan terdekat.",
    introIndomaret: "Pesan, lalu bayar tunai di kasir Alfamart, Alfamidi, Lawson, Dan+Dan atau Indomaret terdekat.",
    amount: "Jumlah (Rp)",
    name: "Nama Anda",
    email: "Email (tidak wajib)",
    method: "Cara membuat kode pembayaran",
    methods: {
      direct_inquiry: "Kode toko (Direct Inquiry)",
      doku_generated: "Kode dari DOKU",
      merchant_generated: "Kode toko, didaftarkan ke DOKU",
      indomaret: "Bayar di Indomaret (kode dari DOKU)",
    },
    submit: "Buat kode pembayaran",
    other: "English",
    otherLang: "en",
    order: "Pesanan",
    yourCode: "Kode pembayaran Anda",
    copy: "Salin kode",
    copied: "Kode disalin",
    making: "Kode pembayaran sedang dibuat oleh DOKU. Halaman ini akan menampilkannya sebentar lagi.",
    states: { pending: "Menunggu pembayaran", paid: "Lunas", expired: "Kedaluwarsa", cancelled: "Dibatalkan" },
    payBefore: "Bayar sebelum",
    howTitle: "Cara bayar",
    how: [
      "Datang ke kasir Alfamart, Alfamidi, Lawson atau Dan+Dan.",
      "Katakan ingin membayar tagihan DOKU untuk Toko Demo.",
      "Sebutkan atau tunjukkan kode pembayaran di atas.",
    ],
    howIndomaret: [
      "Datang ke kasir Indomaret.",
      "Katakan ingin membayar tagihan DOKU untuk Toko Demo.",
      "Sebutkan atau tunjukkan kode pembayaran di atas.",
    ],
    noCancel: "Kode Indomaret tidak bisa dibatalkan; kode ini tidak berlaku lagi setelah kedaluwarsa.",
    payExactly: "Bayar tepat",
    keepReceipt: "dan simpan struknya.",
    dokuHowTo: "Petunjuk dari DOKU",
    cancel: "Batalkan pesanan",
    auto: "Halaman ini diperbarui sendiri setelah pembayaran diterima.",
    paidTitle: "Terima kasih, pembayaran diterima",
    paidAt: "Dibayar",
    store: "Toko",
    trx: "Nomor transaksi",
    expiredText: "Kode ini sudah kedaluwarsa dan tidak bisa dibayar lagi.",
    renew: "Buat kode baru",
    cancelledText: "Pesanan ini dibatalkan. Kode pembayarannya tidak bisa dipakai lagi.",
    newOrder: "Pesan lagi",
    notFound: "Pesanan tidak ditemukan.",
    locale: "id-ID",
  },
  en: {
    shop: "Toko Demo",
    intro: "Order, then pay in cash at the till of any Alfamart, Alfamidi, Lawson or Dan+Dan.",
    introIndomaret: "Order, then pay in cash at the till of any Alfamart, Alfamidi, Lawson, Dan+Dan or Indomaret.",
    amount: "Amount (Rp)",
    name: "Your name",
    email: "Email (optional)",
    method: "How the payment code is made",
    methods: {
      direct_inquiry: "The shop's code (Direct Inquiry)",
      doku_generated: "A code from DOKU",
      merchant_generated: "The shop's code, registered with DOKU",
      indomaret: "Pay at Indomaret (a code from DOKU)",
    },
    submit: "Get a payment code",
    other: "Bahasa Indonesia",
    otherLang: "id",
    order: "Order",
    yourCode: "Your payment code",
    copy: "Copy code",
    copied: "Code copied",
    making: "DOKU is making your payment code. This page shows it in a moment.",
    states: { pending: "Awaiting payment", paid: "Paid", expired: "Expired", cancelled: "Cancelled" },
    payBefore: "Pay before",
    howTitle: "How to pay",
    how: [
      "Go to the till of any Alfamart, Alfamidi, Lawson or Dan+Dan.",
      "Say you want to pay a DOKU bill for Toko Demo.",
      "Read out or show the payment code above.",
    ],
    howIndomaret: [
      "Go to the till of any Indomaret.",
      "Say you want to pay a DOKU bill for Toko Demo.",
      "Read out or show the payment code above.",
    ],
    noCancel: "An Indomaret code cannot be cancelled; it stops working once it expires.",
    payExactly: "Pay exactly",
    keepReceipt: "and keep the receipt.",
    dokuHowTo: "DOKU's instructions",
    cancel: "Cancel the order",
    auto: "This page updates by itself once your payment arrives.",
    paidTitle: "Thank you, your payment arrived",
    paidAt: "Paid",
    store: "Store",
    trx: "Transaction number",
    expiredText: "This code has expired and can no longer be paid.",
    renew: "Get a new code",
    cancelledText: "This order was cancelled. Its payment code can no longer be used.",
    newOrder: "Order again",
    notFound: "No such order.",
    locale: "en-GB",
  },
};

/** @param {unknown} value @returns {Lang} */
const langOf = (value) => (value === "en" ? "en" : "id");

/** A time in WIB (Asia/Jakarta), as people in Jakarta read it. @param {string} iso @param {Lang} lang */
function wib(iso, lang) {
  const text = new Intl.DateTimeFormat(TEXT[lang].locale, {
    timeZone: "Asia/Jakarta",
    day: "numeric",
    month: "long",
    year: "numeric",
    hour: "2-digit",
    minute: "2-digit",
  }).format(new Date(iso));
  return `${text} WIB`;
}

const STYLE = `
  *, *::before, *::after { box-sizing: border-box; }
  body { font-family: system-ui, sans-serif; margin: 0 auto; max-width: 36rem; padding: 1rem; color: #1f2933; background: #fff; line-height: 1.5; overflow-wrap: anywhere; }
  h1 { font-size: 1.35rem; margin: .5rem 0; } h2 { font-size: 1.1rem; }
  label, legend { display: block; margin: .8rem 0 .2rem; font-weight: 600; }
  fieldset { border: 0; padding: 0; margin: 0; } fieldset label { font-weight: 400; margin: .3rem 0; }
  input[type=number], input[type=text], input[type=email] { font-size: 1rem; padding: .5rem; width: 100%; border: 1px solid #52606d; border-radius: .3rem; }
  button, .button { font-size: 1rem; padding: .6rem 1rem; margin-top: .8rem; cursor: pointer; border-radius: .3rem; border: 1px solid #0b5394; background: #0b5394; color: #fff; text-decoration: none; display: inline-block; }
  button.secondary { background: #fff; color: #0b5394; }
  /* Sized to fit 16 digits in four groups on a 320 px phone; longer codes wrap between groups, never inside one. */
  .code { font: 700 clamp(1.1rem, 6.2vw, 2.2rem) ui-monospace, monospace; letter-spacing: .02em; background: #eef2f6; padding: .5rem .8rem; border-radius: .4rem; display: inline-block; max-width: 100%; overflow-wrap: normal; }
  .status { display: inline-block; padding: .15rem .7rem; border-radius: 1rem; font-weight: 600; }
  .status-pending { background: #fde68a; color: #3f2d00; } .status-paid { background: #bbf7d0; color: #053b1b; }
  .status-expired, .status-cancelled { background: #fecaca; color: #5b0b0b; }
  .error { color: #9b1c1c; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: .2rem .8rem; } dt { color: #3e4c59; }
  .lang { float: right; font-size: .9rem; color: #0b5394; }
  a { color: #0b5394; }`;

/** @param {Lang} lang @param {string} title @param {string} body @param {string} langLink */
function layout(lang, title, body, langLink) {
  return `<!doctype html>
<html lang="${lang}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body><a class="lang" href="${escapeHtml(langLink)}" hreflang="${TEXT[lang].otherLang}" lang="${TEXT[lang].otherLang}">${TEXT[lang].other}</a>${body}</body></html>`;
}

/** @param {Lang} lang @param {Method} defaultMethod @param {readonly Method[]} methods @param {string} [error] */
function orderForm(lang, defaultMethod, methods, error) {
  const t = TEXT[lang];
  const choices = methods
    .map(
      (m) =>
        `<label><input type="radio" name="method" value="${m}"${m === defaultMethod ? " checked" : ""}> ${escapeHtml(t.methods[m])}</label>`,
    )
    .join("\n    ");
  return layout(
    lang,
    `${t.shop}`,
    `
<h1>${t.shop}</h1>
<p>${methods.includes("indomaret") ? t.introIndomaret : t.intro}</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/orders?lang=${lang}">
  <label for="amount">${t.amount}</label><input id="amount" name="amount" type="number" min="1" step="1" value="150000" inputmode="numeric" required>
  <label for="customer_name">${t.name}</label><input id="customer_name" name="customer_name" type="text" maxlength="64" autocomplete="name" required>
  <label for="customer_email">${t.email}</label><input id="customer_email" name="customer_email" type="email" maxlength="128" autocomplete="email">
  <fieldset><legend>${t.method}</legend>
    ${choices}
  </fieldset>
  <button type="submit">${t.submit}</button>
</form>`,
    `/?lang=${t.otherLang}`,
  );
}

/** The part of the order page that changes with its state (also served alone, for the live update). @param {OrderView} view @param {Lang} lang */
function orderState(view, lang) {
  const t = TEXT[lang];
  const badge = `<p><span id="status" class="status status-${view.state}" data-state="${view.state}" data-code="${view.payment_code === null ? "" : "1"}">${t.states[view.state]}</span></p>`;
  const self = `/orders/${encodeURIComponent(view.invoice_number)}`;
  if (view.state === "paid" && view.paid !== null) {
    const store = [view.paid.agent_id, view.paid.store_id].filter(Boolean).join(" ");
    return `${badge}
<h2>${t.paidTitle}</h2>
<dl id="receipt">
  <dt>${t.paidAt}</dt><dd>${escapeHtml(wib(view.paid.at, lang))}</dd>
  ${store ? `<dt>${t.store}</dt><dd>${escapeHtml(store)}</dd>` : ""}
  ${view.paid.trx_id ? `<dt>${t.trx}</dt><dd>${escapeHtml(view.paid.trx_id)}</dd>` : ""}
</dl>`;
  }
  if (view.state === "expired") {
    return `${badge}<p>${t.expiredText}</p>
<form method="post" action="${self}/renew?lang=${lang}"><button type="submit">${t.renew}</button></form>`;
  }
  if (view.state === "cancelled")
    return `${badge}<p>${t.cancelledText}</p><p><a class="button" href="/?lang=${lang}">${t.newOrder}</a></p>`;
  if (view.payment_code === null) return `${badge}<p>${t.making}</p>`;
  const indomaret = view.method === "indomaret";
  const steps = (indomaret ? t.howIndomaret : t.how).map((s) => `<li>${s}</li>`).join("");
  // DOKU has no cancel for Indomaret: the code stays payable until it expires.
  const cancel = indomaret
    ? `<p id="no-cancel">${t.noCancel}</p>`
    : `<form method="post" action="${self}/cancel?lang=${lang}"><button type="submit" class="secondary" id="cancel">${t.cancel}</button></form>`;
  return `${badge}
<p>${t.yourCode}</p>
<p><span class="code" id="payment-code" data-code="${escapeHtml(view.payment_code)}">${escapeHtml(grouped(view.payment_code))}</span></p>
<p><button type="button" id="copy" class="secondary">${t.copy}</button> <span id="copied" role="status"></span></p>
<p>${t.payBefore} <time id="expires" datetime="${escapeHtml(view.expired_at)}">${escapeHtml(wib(view.expired_at, lang))}</time>.</p>
<h2>${t.howTitle}</h2>
<ol>${steps}<li>${t.payExactly} <strong>${escapeHtml(rupiah(view.amount))}</strong> ${t.keepReceipt}</li></ol>
${view.how_to_pay_url ? `<p><a href="${escapeHtml(view.how_to_pay_url)}" rel="noopener" target="_blank">${t.dokuHowTo}</a></p>` : ""}
<p>${t.auto}</p>
${cancel}`;
}

/** @param {OrderView} view @param {Lang} lang */
function orderPage(view, lang) {
  const t = TEXT[lang];
  const self = `/orders/${encodeURIComponent(view.invoice_number)}`;
  return layout(
    lang,
    `${t.shop}: ${view.invoice_number}`,
    `
<h1>${t.shop}</h1>
<p>${t.order} <strong id="invoice">${escapeHtml(view.invoice_number)}</strong>: <strong id="amount">${escapeHtml(rupiah(view.amount))}</strong></p>
<section id="state" aria-live="polite">${orderState(view, lang)}</section>
<script>
  const invoice = ${JSON.stringify(view.invoice_number).replace(/</g, "\\u003c")};
  const section = document.getElementById("state");
  section.addEventListener("click", async (event) => {
    if (event.target.id !== "copy") return;
    await navigator.clipboard.writeText(document.getElementById("payment-code").dataset.code);
    document.getElementById("copied").textContent = ${JSON.stringify(t.copied)};
  });
  async function refresh() {
    try {
      const order = await (await fetch("/api/orders/" + encodeURIComponent(invoice))).json();
      const shown = document.getElementById("status");
      if (order.state !== shown.dataset.state || (order.payment_code !== null) !== (shown.dataset.code === "1")) {
        section.innerHTML = await (await fetch(${JSON.stringify(`${self}/state?lang=${lang}`)})).text();
      }
      if (order.state !== "pending") return;
    } catch {}
    setTimeout(refresh, 1000);
  }
  setTimeout(refresh, 1000);
</script>`,
    `${self}?lang=${t.otherLang}`,
  );
}

/** @param {Lang} lang */
const notFoundPage = (lang) =>
  layout(
    lang,
    TEXT[lang].notFound,
    `<h1>${TEXT[lang].shop}</h1><p role="alert">${TEXT[lang].notFound}</p>`,
    `/?lang=${TEXT[lang].otherLang}`,
  );

module.exports = { orderForm, orderPage, orderState, notFoundPage, langOf, grouped, wib };
