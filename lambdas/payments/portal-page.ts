// The debtor's self-service page as HTML: balance, open invoices, pay, statement, promise, plan
// request, dispute, contact update. Server-rendered, no script (so nothing third-party loads),
// mobile-first, labelled forms, AA contrast, visible focus. Shows no clinical detail: invoice ids,
// dates and amounts only.
import { formatMoney } from '../../core/ledger/money.js';
import type { AmountToPay } from './stripe-payments.js';

export interface PortalView {
  officeName: string;
  officeAddress?: string;
  officePhone?: string;
  officeEmail?: string;
  customerName: string;
  asOf: string;
  balances: { currency: string; balanceMinor: number }[];
  invoices: { invoiceId: string; dueDate: string; currency: string; openMinor: number; disputed: boolean }[];
  toPay: AmountToPay[];
  /** Pay links per currency, when the office takes payments online. */
  payUrls: Record<string, string>;
  /** The office's payment instructions (bank transfer, cheque), shown when it does not, or beside. */
  paymentInstructions?: string;
  actionUrl: string;
  statementUrl: string;
  limits: PortalLimits;
  /** A confirmation or error to show at the top. */
  notice?: { kind: 'done' | 'error'; text: string };
  /** Earliest and latest dates the date pickers allow. */
  minDate: string;
  maxPromiseDate: string;
}

/** What an office allows the debtor to arrange alone (settings `portalLimits`). */
export interface PortalLimits {
  promiseMaxDays: number;
  planMaxInstallments: number;
  /** Smallest installment, in minor units of the plan's currency. */
  planMinInstallmentMinor: number;
}

export const DEFAULT_PORTAL_LIMITS: PortalLimits = {
  promiseMaxDays: 30,
  planMaxInstallments: 12,
  planMinInstallmentMinor: 2500,
};

const esc = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

const money = (minor: number, currency: string) => esc(formatMoney(minor, currency, { code: true }));

/** Long dates people read: 3 December 2026. */
export function humanDate(iso: string): string {
  const months = [
    'January',
    'February',
    'March',
    'April',
    'May',
    'June',
    'July',
    'August',
    'September',
    'October',
    'November',
    'December',
  ];
  const [y, m, d] = iso.split('-').map(Number);
  return `${d} ${months[(m ?? 1) - 1]} ${y}`;
}

/** Colours chosen for at least 4.5:1 on white (text) and 3:1 (focus ring, borders). */
const CSS = `*{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#1a1a1a;background:#fff}
main{max-width:40rem;margin:0 auto;padding:1rem}h1{font-size:1.5rem;margin:.5rem 0}h2{font-size:1.2rem;margin:1.5rem 0 .5rem;border-top:1px solid #767676;padding-top:1rem}
.office{color:#3d3d3d;font-size:.95rem}.big{font-size:1.75rem;font-weight:700;margin:.25rem 0}
table{width:100%;border-collapse:collapse;font-variant-numeric:tabular-nums}th,td{text-align:left;padding:.4rem .25rem;border-bottom:1px solid #d0d0d0}td.n,th.n{text-align:right}
label{display:block;font-weight:600;margin:.75rem 0 .25rem}input,select,textarea{font:inherit;width:100%;padding:.6rem;border:1px solid #595959;border-radius:4px;background:#fff;color:#1a1a1a}
button,.button{display:inline-block;font:inherit;font-weight:600;margin-top:.75rem;padding:.7rem 1.2rem;min-height:44px;border:0;border-radius:4px;background:#0b5394;color:#fff;text-decoration:none;cursor:pointer}
.button.secondary{background:#fff;color:#0b5394;border:2px solid #0b5394}
a{color:#0b5394}:focus-visible{outline:3px solid #b35900;outline-offset:2px}
.notice{padding:.75rem;border-radius:4px;margin:1rem 0}.done{background:#e6f4ea;border:1px solid #1e7b34}.error{background:#fdecea;border:1px solid #b3261e}
.hint{color:#3d3d3d;font-size:.9rem;margin:.25rem 0}.tag{font-size:.85rem;color:#6b3e00}pre{white-space:pre-wrap;font:inherit;background:#f4f4f4;padding:.75rem;border-radius:4px}
details{margin:.5rem 0}summary{cursor:pointer;font-weight:600;padding:.5rem 0;min-height:44px}
@media (min-width:48rem){main{padding:2rem}}`;

/** The whole page. */
export function renderPortalPage(v: PortalView): string {
  const balances = v.balances.filter((b) => b.balanceMinor !== 0);
  const invoiceRows = v.invoices
    .map(
      (i) =>
        `<tr><td>${esc(i.invoiceId)}${i.disputed ? ' <span class="tag">(disputed)</span>' : ''}</td><td>${esc(humanDate(i.dueDate))}</td><td class="n">${money(i.openMinor, i.currency)}</td></tr>`,
    )
    .join('');
  const payButtons = v.toPay
    .filter((d) => v.payUrls[d.currency])
    .map(
      (d) =>
        `<a class="button" href="${esc(v.payUrls[d.currency]!)}">Pay ${money(d.amountMinor, d.currency)} now</a> `,
    )
    .join('');
  const currencies = [...new Set(v.toPay.map((d) => d.currency))];
  const currencyField = (id: string) =>
    currencies.length > 1
      ? `<label for="${id}">Currency</label><select id="${id}" name="currency">${currencies.map((c) => `<option>${esc(c)}</option>`).join('')}</select>`
      : currencies.length === 1
        ? `<input type="hidden" name="currency" value="${esc(currencies[0]!)}">`
        : '';
  const disputable = v.invoices.filter((i) => !i.disputed);
  const notice = v.notice
    ? `<div class="notice ${v.notice.kind}" role="${v.notice.kind === 'error' ? 'alert' : 'status'}">${esc(v.notice.text)}</div>`
    : '';
  const action = esc(v.actionUrl);
  const office = [v.officeAddress, v.officePhone, v.officeEmail]
    .filter(Boolean)
    .map((s) => esc(s!))
    .join(' · ');
  const owes = v.toPay.length > 0;
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><meta name="robots" content="noindex"><title>Your account with ${esc(v.officeName)}</title><style>${CSS}</style></head><body><main>
<p class="office"><strong>${esc(v.officeName)}</strong>${office ? `<br>${office}` : ''}</p>
<h1>Your account, ${esc(v.customerName)}</h1>${notice}
<section aria-labelledby="bal"><h2 id="bal">Balance on ${esc(humanDate(v.asOf))}</h2>
${balances.length === 0 ? '<p>Nothing is owed. Thank you.</p>' : balances.map((b) => `<p class="big">${money(b.balanceMinor, b.currency)}</p>`).join('')}
${owes ? `<p>${v.toPay.map((d) => `${money(d.amountMinor, d.currency)} is past due`).join('; ')}.</p>` : ''}
${payButtons}<a class="button secondary" href="${esc(v.statementUrl)}">Statement (PDF)</a>
${v.paymentInstructions ? `<h2 id="how">Other ways to pay</h2><pre>${esc(v.paymentInstructions)}</pre>` : ''}</section>
<section aria-labelledby="inv"><h2 id="inv">Open invoices</h2>${
    v.invoices.length === 0
      ? '<p>No open invoices.</p>'
      : `<table><caption class="hint">Amounts still open on each invoice</caption><thead><tr><th scope="col">Invoice</th><th scope="col">Due</th><th scope="col" class="n">Open</th></tr></thead><tbody>${invoiceRows}</tbody></table>`
  }</section>
${
  owes
    ? `<section aria-labelledby="arr"><h2 id="arr">Arrange to pay</h2>
<details><summary>Promise to pay by a date</summary><form method="post" action="${action}"><input type="hidden" name="action" value="promise">
<label for="p-date">I will pay the past-due amount by</label><input id="p-date" name="date" type="date" required min="${v.minDate}" max="${v.maxPromiseDate}" aria-describedby="p-hint"><p class="hint" id="p-hint">At the latest ${esc(humanDate(v.maxPromiseDate))}.</p>${currencyField('p-cur')}<button type="submit">Promise to pay</button></form></details>
<details><summary>Ask for a payment plan</summary><form method="post" action="${action}"><input type="hidden" name="action" value="plan">
<label for="pl-n">Number of payments</label><input id="pl-n" name="installments" type="number" inputmode="numeric" required min="2" max="${v.limits.planMaxInstallments}" aria-describedby="pl-hint"><p class="hint" id="pl-hint">2 to ${v.limits.planMaxInstallments} payments; each at least ${v.toPay.map((d) => money(v.limits.planMinInstallmentMinor, d.currency)).join(' / ')}. The office confirms the plan.</p>
<label for="pl-f">How often</label><select id="pl-f" name="frequency"><option value="monthly">Monthly</option><option value="biweekly">Every two weeks</option><option value="weekly">Weekly</option></select>
<label for="pl-d">First payment on</label><input id="pl-d" name="date" type="date" required min="${v.minDate}" max="${v.maxPromiseDate}">${currencyField('pl-cur')}<button type="submit">Ask for this plan</button></form></details>
</section>`
    : ''
}
${
  disputable.length > 0
    ? `<section aria-labelledby="dis"><h2 id="dis">Question an invoice</h2><form method="post" action="${action}"><input type="hidden" name="action" value="dispute">
<label for="d-inv">Invoice</label><select id="d-inv" name="invoice">${disputable.map((i) => `<option>${esc(i.invoiceId)}</option>`).join('')}</select>
<label for="d-why">What is wrong with it?</label><textarea id="d-why" name="reason" rows="3" required maxlength="500"></textarea>
<p class="hint">We stop reminders about this invoice while the office looks into it.</p><button type="submit">Send to the office</button></form></section>`
    : ''
}
<section aria-labelledby="con"><h2 id="con">Update your contact details</h2><form method="post" action="${action}"><input type="hidden" name="action" value="contact">
<label for="c-field">What changed</label><select id="c-field" name="field"><option value="address">Postal address</option><option value="phone">Phone number</option></select>
<label for="c-val">New value</label><input id="c-val" name="value" required maxlength="300" autocomplete="off"><button type="submit">Update</button></form></section>
</main></body></html>`;
}

/** A small page for a link that cannot be used (expired, forged) or a finished step. */
export function renderMessagePage(title: string, message: string): string {
  return `<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1"><title>${esc(title)}</title><style>${CSS}</style></head><body><main><h1>${esc(title)}</h1><p>${esc(message)}</p></main></body></html>`;
}
