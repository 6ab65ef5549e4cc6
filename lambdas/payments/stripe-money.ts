// Amounts between Duebook's integer minor units (ISO 4217 exponents, core/ledger/money.ts) and Stripe's
// "smallest currency unit", which differs for a few currencies (Stripe's zero-decimal and special
// cases). A table as data, one function each way; an amount that cannot be said exactly is refused.
import { currencyExponent } from '../../core/ledger/money.js';

/** Stripe's own decimals where they differ from 2 (stripe.com/docs/currencies). */
const STRIPE_DECIMALS: Readonly<Record<string, number>> = {
  // Zero-decimal: the amount is in whole units.
  BIF: 0,
  CLP: 0,
  DJF: 0,
  GNF: 0,
  JPY: 0,
  KMF: 0,
  KRW: 0,
  MGA: 0,
  PYG: 0,
  RWF: 0,
  VND: 0,
  VUV: 0,
  XAF: 0,
  XOF: 0,
  XPF: 0,
  // Special cases: zero-decimal currencies Stripe still takes as two-decimal, with 00 decimals.
  ISK: 2,
  UGX: 2,
  // Three-decimal currencies.
  BHD: 3,
  JOD: 3,
  KWD: 3,
  OMR: 3,
  TND: 3,
};

export class StripeAmountError extends Error {
  readonly code = 'PAY.AMOUNT';
  constructor(message: string) {
    super(message);
    this.name = 'StripeAmountError';
  }
}

export const stripeDecimals = (currency: string): number => STRIPE_DECIMALS[currency.toUpperCase()] ?? 2;

/** Duebook minor units -> Stripe's amount (JPY 5000 -> 5000, USD 1234 -> 1234, ISK 500 -> 50000). */
export function toStripeAmount(minor: number, currency: string): number {
  const shift = stripeDecimals(currency) - currencyExponent(currency.toUpperCase());
  if (shift >= 0) return minor * 10 ** shift;
  const unit = 10 ** -shift;
  if (minor % unit !== 0)
    throw new StripeAmountError(
      `${currency} ${minor} (minor units) cannot be charged exactly through Stripe`,
    );
  return minor / unit;
}

/** Stripe's amount -> Duebook minor units; refused when it is not a whole number of minor units. */
export function fromStripeAmount(amount: number, currency: string): number {
  const shift = stripeDecimals(currency) - currencyExponent(currency.toUpperCase());
  if (shift <= 0) return amount * 10 ** -shift;
  const unit = 10 ** shift;
  if (amount % unit !== 0)
    throw new StripeAmountError(`Stripe's ${currency} amount ${amount} is not a whole number of minor units`);
  return amount / unit;
}

/** Minor units as a plain decimal a Payments row takes (no grouping): USD 123456 -> "1234.56". */
export function decimalText(minor: number, currency: string): string {
  const exp = currencyExponent(currency.toUpperCase());
  const digits = String(Math.abs(minor)).padStart(exp + 1, '0');
  const text = exp > 0 ? `${digits.slice(0, -exp)}.${digits.slice(-exp)}` : digits;
  return minor < 0 ? `-${text}` : text;
}
