"use strict";
// Server-rendered pages for the customer: create an order, then see how to pay it at the till.

const ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
const escapeHtml = (value) => String(value).replace(/[&<>"']/g, (c) => ESCAPES[c]);
const rupiah = (amount) => `Rp ${amount.toLocaleString("id-ID")}`;

const STYLE = `
  body { font-family: system-ui, sans-serif; max-width: 36rem; margin: 2rem auto; padding: 0 1rem; color: #1f2933; }
  h1 { font-size: 1.4rem; } label { display: block; margin: .8rem 0 .2rem; }
  input { font-size: 1rem; padding: .4rem; width: 100%; box-sizing: border-box; }
  button { font-size: 1rem; padding: .5rem 1rem; margin-top: 1rem; cursor: pointer; }
  .code { font: 700 2.2rem ui-monospace, monospace; letter-spacing: .15rem; background: #f1f5f9; padding: .6rem 1rem; border-radius: .4rem; display: inline-block; vertical-align: middle; }
  #copy { margin: 0 0 0 .5rem; vertical-align: middle; }
  .status { display: inline-block; padding: .2rem .7rem; border-radius: 1rem; font-weight: 600; }
  .status-pending { background: #fef3c7; } .status-paid { background: #bbf7d0; } .status-expired { background: #fecaca; }
  .error { color: #b91c1c; }`;

function layout(title, body) {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)}</title><style>${STYLE}</style></head>
<body>${body}</body></html>`;
}

function orderForm(error) {
  return layout("Toko Demo: new order", `
<h1>Toko Demo</h1>
<p>Order something and pay in cash at any Alfamart, Alfamidi, Lawson or Dan+Dan.</p>
${error ? `<p class="error" role="alert">${escapeHtml(error)}</p>` : ""}
<form method="post" action="/orders">
  <label for="amount">Amount (Rp)</label><input id="amount" name="amount" type="number" min="1" step="1" value="150000" required>
  <label for="customer_name">Your name</label><input id="customer_name" name="customer_name" maxlength="64" required>
  <label for="customer_email">Email (optional)</label><input id="customer_email" name="customer_email" type="email" maxlength="128">
  <button type="submit">Get a payment code</button>
</form>`);
}

function orderPage(view) {
  return layout(`Toko Demo: ${view.invoice_number}`, `
<h1>Pay at the till</h1>
<p>Order <strong id="invoice">${escapeHtml(view.invoice_number)}</strong>:
   <strong id="amount">${escapeHtml(rupiah(view.amount))}</strong></p>
<p>Your payment code</p>
<p><span class="code" id="payment-code">${escapeHtml(view.payment_code)}</span>
   <button type="button" id="copy">Copy</button></p>
<p>Status: <span id="status" class="status status-${escapeHtml(view.state)}">${escapeHtml(view.state)}</span></p>
<p>Pay before <time id="expires" datetime="${escapeHtml(view.expired_at)}">${escapeHtml(new Date(view.expired_at).toUTCString())}</time>.</p>
<h2>How to pay</h2>
<ol>
  <li>Go to any Alfamart, Alfamidi, Lawson or Dan+Dan store.</li>
  <li>Tell the cashier you want to pay a DOKU payment for Toko Demo.</li>
  <li>Show or read out the payment code above.</li>
  <li>Pay exactly ${escapeHtml(rupiah(view.amount))} in cash and keep the receipt.</li>
</ol>
<p>This page updates by itself once your payment arrives.</p>
<script>
  const invoice = ${JSON.stringify(view.invoice_number).replace(/</g, "\\u003c")};
  document.getElementById("copy").addEventListener("click", () =>
    navigator.clipboard.writeText(document.getElementById("payment-code").textContent));
  const status = document.getElementById("status");
  async function refresh() {
    try {
      const res = await fetch("/api/orders/" + encodeURIComponent(invoice));
      const order = await res.json();
      status.textContent = order.state;
      status.className = "status status-" + order.state;
      if (order.state !== "pending") return;
    } catch {}
    setTimeout(refresh, 1000);
  }
  setTimeout(refresh, 1000);
</script>`);
}

module.exports = { orderForm, orderPage };
