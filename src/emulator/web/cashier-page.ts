// The page for a person at `/`: the Alfa cashier's screen, the codes DOKU holds, and the call
// log with each notification's attempts. Plain DOM, data only through textContent.
export const CASHIER_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local DOKU: Alfa till</title>
<style>
  :root { font-family: system-ui, sans-serif; color: #1b1b1b; background: #f5f6f8; }
  body { margin: 0 auto; max-width: 980px; padding: 16px; }
  h1 { font-size: 1.4rem; margin: 0 0 4px; }
  section { background: #fff; border-radius: 8px; padding: 16px; margin: 16px 0; box-shadow: 0 1px 2px #0002; overflow-x: auto; }
  label { display: block; font-weight: 600; margin-bottom: 6px; }
  input { font: inherit; font-size: 1.3rem; letter-spacing: .08em; padding: 8px; width: 100%; max-width: 22ch; box-sizing: border-box; }
  button { font: inherit; padding: 8px 14px; margin: 8px 8px 0 0; border-radius: 6px; border: 1px solid #0b5; background: #0a6e3a; color: #fff; cursor: pointer; }
  button:disabled { background: #999; border-color: #999; cursor: not-allowed; }
  dl { display: grid; grid-template-columns: max-content 1fr; gap: 4px 12px; }
  dt { color: #555; }
  .refused { color: #a0001b; font-weight: 600; }
  .ok { color: #0a6e3a; font-weight: 600; }
  table { border-collapse: collapse; width: 100%; font-size: .9rem; }
  th, td { text-align: left; padding: 4px 6px; border-bottom: 1px solid #e3e3e3; vertical-align: top; }
  code { font-size: .85rem; }
</style>
</head>
<body>
<h1>Local DOKU</h1>
<p>The Alfa till: type a payment code as the cashier would, see what the POS shows, take the cash.</p>

<section aria-labelledby="till-title">
  <h2 id="till-title">Cashier</h2>
  <form id="till">
    <label for="payment-code">Payment code</label>
    <input id="payment-code" name="payment_code" inputmode="numeric" autocomplete="off" required>
    <div><button id="lookup" type="submit">Look up</button><button id="take-cash" type="button" disabled>Take the cash</button></div>
  </form>
  <div id="screen" aria-live="polite"></div>
  <p id="result" role="status"></p>
</section>

<section aria-labelledby="codes-title">
  <h2 id="codes-title">Codes DOKU holds</h2>
  <table><thead><tr><th>Code</th><th>Invoice</th><th>Amount</th><th>Method</th><th>State</th></tr></thead><tbody id="codes"></tbody></table>
</section>

<section aria-labelledby="notifications-title">
  <h2 id="notifications-title">Notifications</h2>
  <table><thead><tr><th>Invoice</th><th>URL</th><th>State</th><th>Attempts</th><th>Next attempt</th></tr></thead><tbody id="notifications"></tbody></table>
</section>

<section aria-labelledby="calls-title">
  <h2 id="calls-title">Call log</h2>
  <table><thead><tr><th>Time</th><th>Call</th><th>Path</th><th>Status</th><th>Signature</th><th>Request-Id</th></tr></thead><tbody id="calls"></tbody></table>
</section>

<script>
"use strict";
const rupiah = new Intl.NumberFormat("id-ID", { style: "currency", currency: "IDR", maximumFractionDigits: 0 });
const $ = (id) => document.getElementById(id);
let current;

function cell(row, text) {
  const td = document.createElement("td");
  td.textContent = text === undefined || text === null ? "" : String(text);
  row.appendChild(td);
  return td;
}

function fill(tbody, items, columns) {
  tbody.replaceChildren(...items.map((item) => {
    const row = document.createElement("tr");
    for (const column of columns) cell(row, column(item));
    return row;
  }));
}

async function admin(path, body) {
  const response = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(json.error ? json.error.message : "HTTP " + response.status);
  return json;
}

function show(screen) {
  const box = $("screen");
  box.replaceChildren();
  const list = document.createElement("dl");
  const add = (term, value) => {
    if (value === undefined) return;
    const dt = document.createElement("dt"); dt.textContent = term;
    const dd = document.createElement("dd"); dd.textContent = value;
    list.append(dt, dd);
  };
  add("Name", screen.name);
  add("Amount", screen.amount === undefined ? undefined : rupiah.format(screen.amount));
  add("Info", screen.info);
  add("Invoice", screen.invoiceNumber);
  box.appendChild(list);
  const verdict = document.createElement("p");
  verdict.className = screen.payable ? "ok" : "refused";
  verdict.textContent = screen.payable ? "Payable: take " + rupiah.format(screen.amount) + " in cash." : "Refused (" + screen.refusal + "): " + screen.detail;
  box.appendChild(verdict);
  $("take-cash").disabled = !screen.payable;
}

$("till").addEventListener("submit", async (event) => {
  event.preventDefault();
  $("result").textContent = "";
  try {
    current = await admin("/_emulator/inquire", { payment_code: $("payment-code").value.replace(/\\s+/g, "") });
    show(current);
  } catch (error) {
    $("result").textContent = "Could not look it up: " + error.message;
  }
});

$("take-cash").addEventListener("click", async () => {
  if (!current) return;
  $("take-cash").disabled = true;
  try {
    const paid = await admin("/_emulator/pay", { payment_code: current.paymentCode, amount: current.amount });
    const n = paid.notification;
    const told = !n ? "" : n.state === "not_sent" ? " Notification not sent: " + n.reason : " Notification " + n.state + " (" + n.attempts.length + " attempt" + (n.attempts.length === 1 ? "" : "s") + ").";
    const verdict = $("screen").querySelector("p");
    if (verdict) {
      verdict.className = paid.paid ? "ok" : "refused";
      verdict.textContent = paid.paid ? "Paid." : "Not paid (" + paid.refusal + ").";
    }
    $("result").textContent = paid.paid ? "Paid: " + rupiah.format(paid.amount) + ", receipt " + paid.payment.agent_trx_id + "." + told : "Not paid: " + paid.detail;
    current = undefined;
    refresh();
  } catch (error) {
    $("result").textContent = "Could not pay: " + error.message;
  }
});

async function refresh() {
  try {
    const [codes, notifications, calls] = await Promise.all([admin("/_emulator/codes"), admin("/_emulator/notifications"), admin("/_emulator/calls")]);
    fill($("codes"), codes.codes, [(c) => c.payment_code, (c) => c.invoice_number, (c) => rupiah.format(c.amount), (c) => c.origin, (c) => c.state]);
    fill($("notifications"), notifications.notifications.slice().reverse(), [
      (n) => n.invoiceNumber, (n) => n.url, (n) => n.state,
      (n) => n.attempts.map((a) => (a.status === undefined ? a.error : "HTTP " + a.status)).join(", "),
      (n) => n.nextAttemptAt || "",
    ]);
    fill($("calls"), calls.calls.slice().reverse().slice(0, 100), [
      (c) => c.at.slice(11, 19), (c) => (c.direction === "sent" ? "→ " : "← ") + c.kind, (c) => c.method + " " + c.url,
      (c) => (c.status === undefined ? (c.error || c.fault || "no answer") : c.status), (c) => (c.signature === undefined ? "" : c.signature.valid ? "valid" : c.signature.reason), (c) => c.requestId,
    ]);
  } catch {
    // the emulator stopped; the next poll tries again
  }
}
refresh();
setInterval(refresh, 2000);
</script>
</body>
</html>
`;
