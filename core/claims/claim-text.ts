// Small text helpers shared by the claims modules, so posting explanations and the Next Step
// column say amounts and codes the same way.
import { formatMoney } from '../ledger/money.js';
import { DENIAL_CATEGORY_LABELS, denialCategoryOf, firstDenialCode } from './adjustment-codes.js';

/** `$35.00` for US dollars (what an 835 pays in), `EUR 35.00` for anything else. */
export function moneyText(minor: number, currency: string): string {
  if (currency !== 'USD') return formatMoney(minor, currency);
  const body = formatMoney(Math.abs(minor), currency, { code: false });
  return `${minor < 0 ? '-' : ''}$${body}`;
}

/** `medical necessity: CO-50` for the first denial among the codes; undefined when none is a denial. */
export function denialReasonText(adjustmentCodes: readonly string[]): string | undefined {
  const code = firstDenialCode(adjustmentCodes);
  const category = denialCategoryOf(adjustmentCodes);
  return code && category ? `${DENIAL_CATEGORY_LABELS[category]}: ${code}` : undefined;
}
