// What a time-barred debt's messages say and which law they cite, by where the debtor lives: the US federal rule, or a Canadian province's own limitation statute.
import { allLimitationRows, type Limitation } from './limitations.js';

/** The disclosure a message on a time-barred debt carries (ids of `DISCLOSURES` in core/collections/templates.ts). */
export type TimeBarredDisclosureId = 'time-barred' | 'time-barred-canada';

/** Where each province's limitation period is written, for the Canadian disclosure's citation. */
const provinceSources = () => [
  ...new Set(
    allLimitationRows()
      .filter((r) => r.state.startsWith('CA-') && r.debtType === 'open-account')
      .map((r) => `${r.state.slice(3)}: ${r.source.replace(/ \(.*$/, '')}`),
  ),
];

let canadian: { readonly text: string; readonly citation: string } | undefined;
/**
 * The Canadian debtor's disclosure. Reg F's safe-harbour wording (12 CFR 1006.26(b), with its
 * promise about credit reports) is a US rule; no Canadian rule prescribing a wording was found, so
 * this one states the provincial fact plainly and keeps the office's promise not to sue, also after
 * a payment (a payment or acknowledgment may otherwise restart a provincial period).
 */
export function canadianTimeBarredDisclosure(): { readonly text: string; readonly citation: string } {
  canadian ??= {
    text: 'The law of your province limits how long a creditor can go to court over a debt. That time limit has passed for this debt, so we will not sue you for it. If you make a payment, we still will not sue you for the rest.',
    citation: `the limitation statute of the debtor's province (${provinceSources().join('; ')}); no US rule applies`,
  };
  return canadian;
}

/** What the engine says and cites for a time-barred debt, by the place whose law set the period. */
export interface TimeBarredWording {
  /** The disclosure every message on the account carries. */
  disclosure: TimeBarredDisclosureId;
  /** Why a final demand or a hand-over is blocked (appended to the time bar's reason). */
  noThreat: string;
  /** Why the account may not be placed with an agency or attorney. */
  handover: string;
}

/** One row per kind of place: a US state (or DC), or a Canadian province (`CA-` prefix). */
const WORDING: readonly {
  matches: (state: string) => boolean;
  wording: (l: Limitation) => TimeBarredWording;
}[] = [
  {
    matches: (state) => state.startsWith('CA-'),
    wording: (l) => ({
      disclosure: 'time-barred-canada',
      noThreat: `the limitation period of ${l.state} has ended (${l.source}): no court proceeding can be brought, so none is threatened (no final demand or hand-over)`,
      handover: `placing it would threaten a proceeding that ${l.source} bars`,
    }),
  },
  {
    matches: () => true,
    wording: () => ({
      disclosure: 'time-barred',
      noThreat: 'a time-barred debt gets no final demand or hand-over (12 CFR 1006.26(b))',
      handover: 'handing it over would threaten suit on a time-barred debt (12 CFR 1006.26(b))',
    }),
  },
];

/**
 * The wording and citations for a time-barred debt under `limitation` (the period that barred it).
 *
 * @example timeBarredWording(limitationFor('CA-ON', 'open-account')!).disclosure // 'time-barred-canada'
 */
export function timeBarredWording(limitation: Limitation): TimeBarredWording {
  return WORDING.find((w) => w.matches(limitation.state))!.wording(limitation);
}
