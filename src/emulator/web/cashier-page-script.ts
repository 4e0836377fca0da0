// The cashier page's script: plain DOM, data only through textContent. Backslashes are doubled:
// this is a template literal.
export const CASHIER_PAGE_SCRIPT = `
"use strict";
const rupiah = new Intl.NumberFormat("id-ID", { style: "currency", currency: "IDR", maximumFractionDigits: 0 });
const $ = (id) => document.getElementById(id);
let current;
let setupShown = false;
const CHAINS = { alfa: "Alfa (Alfamart, Alfamidi, Lawson, Dan+Dan)", indomaret: "Indomaret" };
const storeOf = (chain) => (chain === "indomaret" ? "Indomaret" : "Alfa");
// Split settlement and sub-account as the code's calls asked: "ACC-1 60%, ACC-2 Rp 10.000 (FIX); sub-account SUB-7".
function splitOf(code) {
  const parts = [];
  if (code.settlement) parts.push(code.settlement.map((e) => e.bank_account_settlement_id + " " + (e.type === "PERCENTAGE" ? e.value + "%" : rupiah.format(e.value) + " (" + e.type + ")")).join(", "));
  if (code.account) parts.push("sub-account " + code.account.id);
  return parts.join("; ");
}

function fill(tbody, items, columns, decorate) {
  const heads = Array.from(tbody.closest("table").querySelectorAll("th"));
  tbody.replaceChildren(...items.map((item) => {
    const row = document.createElement("tr");
    columns.forEach((column, i) => {
      const td = document.createElement("td");
      const text = column(item);
      td.textContent = text === undefined || text === null ? "" : String(text);
      td.dataset.label = heads[i].textContent;
      td.className = heads[i].className;
      row.appendChild(td);
    });
    if (decorate) decorate(row, item);
    return row;
  }));
}

async function admin(path, body) {
  const response = await fetch(path, body === undefined ? {} : { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });
  const json = await response.json();
  if (!response.ok) throw new Error(json.error ? json.error.message : "HTTP " + response.status);
  return json;
}

function describe(list, terms) {
  list.replaceChildren();
  for (const [term, value, none] of terms) {
    if (value === undefined) continue;
    const dt = document.createElement("dt"); dt.textContent = term;
    const dd = document.createElement("dd");
    dd.textContent = value === null ? none : value;
    if (value === null) dd.className = "none";
    list.append(dt, dd);
  }
}

function show(screen) {
  const box = $("screen");
  box.replaceChildren();
  const list = document.createElement("dl");
  describe(list, [
    ["Store", screen.chain === undefined ? undefined : CHAINS[screen.chain]],
    ["Name", screen.name],
    ["Amount", screen.amount === undefined ? undefined : rupiah.format(screen.amount)],
    ["Info", screen.info],
    ["Invoice", screen.invoiceNumber],
  ]);
  box.appendChild(list);
  const verdict = document.createElement("p");
  verdict.className = screen.payable ? "ok" : "refused";
  verdict.textContent = screen.payable ? "Payable: take " + rupiah.format(screen.amount) + " in cash." : "Refused (" + screen.refusal + "): " + screen.detail;
  box.appendChild(verdict);
  $("take-cash").disabled = !screen.payable;
}

// "Take the cash" pays the code on the screen: once the till holds another code, nothing is on it.
function forget() {
  current = undefined;
  $("screen").replaceChildren();
  $("result").textContent = "";
  $("take-cash").disabled = true;
}

$("payment-code").addEventListener("input", () => {
  if (current) forget();
});

$("codes").addEventListener("click", (event) => {
  const row = event.target.closest("tr");
  if (!row || !row.dataset.code) return;
  forget();
  $("payment-code").value = row.dataset.code;
  $("till-title").scrollIntoView({ block: "start" });
  $("lookup").focus({ preventScroll: true });
});

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

async function showSetup() {
  const setup = await admin("/_emulator/setup");
  describe($("setup"), [
    ["DOKU base URL", setup.url],
    ["Client-Id", setup.client_ids.join(", ")],
    ["Inquiry URL", setup.inquiry_url, "none: codes DOKU does not hold are refused"],
    ["Notification URL", setup.notification_url, "none: payments are not notified"],
  ]);
  setupShown = true;
}

function putCodeButton(row, code) {
  row.dataset.code = code.payment_code;
  const button = document.createElement("button");
  button.type = "button";
  button.className = "code";
  button.title = "Put this code in the till";
  button.textContent = code.payment_code;
  row.firstChild.replaceChildren(button);
}

async function refresh() {
  try {
    if (!setupShown) await showSetup();
    const [codes, notifications, calls] = await Promise.all([admin("/_emulator/codes"), admin("/_emulator/notifications"), admin("/_emulator/calls")]);
    fill($("codes"), codes.codes, [(c) => c.payment_code, (c) => c.invoice_number, (c) => rupiah.format(c.amount), (c) => storeOf(c.chain) + ", " + c.origin, (c) => c.state, splitOf], putCodeButton);
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
`;
