import { CASHIER_PAGE_SCRIPT } from "./cashier-page-script";
import { CASHIER_PAGE_STYLE } from "./cashier-page-style";

// The page for a person at `/`: the cashier's screen (Alfa or Indomaret, by the code), what the emulator serves and calls,
// the codes DOKU holds (a tap puts one in the till), and the call log with each notification's attempts.
export const CASHIER_PAGE = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Local DOKU: Alfa and Indomaret till</title>
<style>${CASHIER_PAGE_STYLE}</style>
</head>
<body>
<h1>Local DOKU</h1>
<p>The Alfa and Indomaret till: type a payment code as the cashier would, see which store takes it and what the POS shows, take the cash.</p>

<div class="top">
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

<section aria-labelledby="setup-title">
  <h2 id="setup-title">This DOKU</h2>
  <dl id="setup"></dl>
  <p class="hint">Give your app the base URL and the Client-Id; the emulator calls the Inquiry URL for codes it does not hold and notifies every payment at the Notification URL.</p>
</section>
</div>

<section aria-labelledby="codes-title">
  <h2 id="codes-title">Codes DOKU holds</h2>
  <p class="hint">Tap or click a code to put it in the till.</p>
  <table class="stack"><thead><tr><th class="short">Code</th><th class="long">Invoice</th><th class="short">Amount</th><th>Store, method</th><th class="short">State</th><th class="long">Settlement</th></tr></thead><tbody id="codes"></tbody></table>
</section>

<section aria-labelledby="notifications-title">
  <h2 id="notifications-title">Notifications</h2>
  <table class="stack"><thead><tr><th class="long">Invoice</th><th class="long">URL</th><th class="short">State</th><th>Attempts</th><th class="long">Next attempt</th></tr></thead><tbody id="notifications"></tbody></table>
</section>

<section aria-labelledby="calls-title">
  <h2 id="calls-title">Call log</h2>
  <table class="stack"><thead><tr><th class="short">Time</th><th class="short">Call</th><th class="long">Path</th><th>Status</th><th>Signature</th><th class="long">Request-Id</th></tr></thead><tbody id="calls"></tbody></table>
</section>

<script>${CASHIER_PAGE_SCRIPT}</script>
</body>
</html>
`;
