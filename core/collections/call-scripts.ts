// What a clerk says on a collection call, per stage: who to ask for, what to say only to the
// debtor, what to leave as a message, and what to ask for. Plain, first-party, and the same
// limited-content rule for third parties at every stage (12 CFR 1006.2(j), 1006.6(d)).

/** What a script is filled with: the office, the customer and the stage's figures. */
export interface CallScriptInput {
  officeName: string;
  /** The office's call-back number; absent, the script asks the clerk to give theirs. */
  officePhone?: string;
  customerName: string;
  /** Overdue per currency, already formatted ("USD 1,250.00"). */
  overdue: readonly string[];
  /** The oldest overdue invoice's due date, ISO (2026-09-30), if any. */
  oldestDue?: string;
  daysPastDue: number;
}

export interface CallScript {
  /** The stage's tone in one word, for the list's badge. */
  tone: 'friendly' | 'firm' | 'final';
  /** Said only after the person confirms they are the customer (or its accounts contact). */
  opening: string;
  /** What to ask for, in order. */
  asks: readonly string[];
  /** The only message left with a third party or on voicemail: no debt, no amount. */
  message: string;
}

/** A stage's tone by its id: final demands and hand-over warnings are final, 30+ days firm. */
function toneOf(stageId: string, daysPastDue: number): CallScript['tone'] {
  if (/final|handover|demand/i.test(stageId)) return 'final';
  return daysPastDue >= 30 ? 'firm' : 'friendly';
}

const joinAmounts = (amounts: readonly string[]) =>
  amounts.length <= 1
    ? (amounts[0] ?? 'the balance')
    : `${amounts.slice(0, -1).join(', ')} and ${amounts.at(-1)}`;

/**
 * The script for a call at `stageId`. Every script keeps the debt for the debtor's ears only: the
 * message for anyone else carries the office's name and number and nothing about the account.
 *
 * @example callScript('reminder-30', { officeName: 'Lakeside Dental', customerName: 'Ana Ruiz', overdue: ['USD 250.00'], daysPastDue: 34 }).tone // 'firm'
 */
export function callScript(stageId: string, input: CallScriptInput): CallScript {
  const tone = toneOf(stageId, input.daysPastDue);
  const amount = joinAmounts(input.overdue);
  const since = input.oldestDue ? ` since ${input.oldestDue}` : '';
  const callBack = input.officePhone ? ` at ${input.officePhone}` : ' at the number you give';
  const opening = {
    friendly: `This is [your name] from ${input.officeName}. I'm calling about your account: ${amount} has been due${since}. It may simply have been missed — could we settle it today?`,
    firm: `This is [your name] from ${input.officeName}. Your account has ${amount} overdue${since}, ${input.daysPastDue} days now. I'd like to agree today how it will be paid.`,
    final: `This is [your name] from ${input.officeName}. Your account has ${amount} overdue${since}. This is our last call before the account moves to the next step our letters described; I'd like to resolve it with you today.`,
  }[tone];
  const asks = [
    `Ask for ${input.customerName} (or their accounts contact) by name; say nothing about the account until they confirm who they are.`,
    'Ask whether the amount is right; if they dispute it, log the dispute (Set or clear a flag) and stop asking for payment.',
    tone === 'friendly'
      ? 'Ask when it can be paid, and offer the ways to pay.'
      : 'Ask for payment in full by a date; if that cannot be done, offer a payment plan within the office rules.',
    'If they promise a date and amount, record the promise; if they ask not to be called, or to be called only at certain times, note it.',
  ];
  return {
    tone,
    opening,
    asks,
    message: `Please ask ${input.customerName} to call [your name] at ${input.officeName}${callBack}. (Leave only this: no amount, no mention of a debt.)`,
  };
}
