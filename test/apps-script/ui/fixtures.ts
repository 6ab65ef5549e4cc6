// Canned server answers for the page tests: a realistic customer panel, a queue, settings.
import type { CustomerPanel, QueueEntry, Settings, SyncProgress } from '../../../apps-script/src/contract.js';

const usd = (minor: number) => ({
  currency: 'USD',
  minor,
  text: `$${(minor / 100).toLocaleString('en-US', { minimumFractionDigits: 2 })}`,
});

export function customerPanel(overrides: Partial<CustomerPanel> = {}): CustomerPanel {
  return {
    asOf: '2026-11-23',
    customerId: 'C-0042',
    name: 'Hartwell Dental Group',
    email: 'billing@hartwell-dental.example',
    phone: '+1 617 555 0142',
    address: '12 Beacon Street, Suite 400, Boston, MA 02108',
    flags: ['attorney'],
    balances: [usd(482_750)],
    aging: [
      { label: '1–30 days', amount: usd(120_000) },
      { label: '31–60 days', amount: usd(162_750) },
      { label: '61–90 days', amount: usd(200_000) },
    ],
    openInvoices: [
      {
        invoiceId: 'INV-2026-0871',
        dueDate: '2026-08-20',
        daysPastDue: 95,
        open: usd(200_000),
        matter: 'Lease dispute 2026-14',
      },
      { invoiceId: 'INV-2026-0932', dueDate: '2026-09-30', daysPastDue: 54, open: usd(162_750) },
      { invoiceId: 'INV-2026-1010', dueDate: '2026-11-01', daysPastDue: 22, open: usd(120_000) },
    ],
    blocked: 'The customer is represented by an attorney; contact goes through the attorney.',
    promises: [{ promiseId: 'P-17', promisedDate: '2026-10-15', amount: usd(50_000), status: 'broken' }],
    plans: [
      {
        planId: 'PL-3',
        startDate: '2026-12-01',
        total: usd(300_000),
        installments: 6,
        status: 'in-good-standing',
      },
    ],
    history: [
      {
        date: '2026-11-20',
        type: 'call',
        direction: 'outbound',
        outcome: 'Left message',
        note: 'Asked for a call back about INV-2026-0871.',
        by: 'maria@office.example',
      },
      { date: '2026-11-02', type: 'email', direction: 'outbound', stage: 'reminder-30', by: 'Duebook' },
      {
        date: '2026-10-03',
        type: 'letter',
        direction: 'inbound',
        note: 'Attorney letter of representation received.',
      },
    ],
    settableFlags: ['dispute', 'bankruptcy', 'deceased', 'cease-contact', 'attorney'],
    ...overrides,
  };
}

/** A customer whose sheet cells hold markup and a formula: both must show as plain text. */
export function hostilePanel(): CustomerPanel {
  return customerPanel({
    name: '<script>window.__pwned = 1</script><b>Bold & Co</b>',
    address: '<img src=x onerror="window.__pwned=2">',
    history: [
      {
        date: '2026-11-21',
        type: 'note',
        direction: 'inbound',
        note: '=HYPERLINK("http://evil.example","x")',
      },
    ],
  });
}

export function queueEntries(): QueueEntry[] {
  return [
    {
      customerId: 'C-0042',
      customerName: 'Hartwell Dental Group',
      stage: 'reminder-60',
      channel: 'email',
      cycle: '2026-08-20',
      plannedFor: '2026-11-24 09:00',
      amount: usd(482_750),
      why: 'Oldest invoice is 61 days past due; reminder-60 not yet sent this cycle.',
    },
    {
      customerId: 'C-0107',
      customerName: 'Okafor Landscaping',
      stage: 'reminder-1',
      channel: 'email',
      cycle: '2026-11-22',
      plannedFor: '2026-11-24 09:00',
      amount: usd(8_900),
      why: 'Invoice INV-2026-1102 became 1 day past due.',
    },
    {
      customerId: 'C-0230',
      stage: 'final-demand',
      channel: 'letter',
      cycle: '2026-09-01',
      why: '75 days past due; final demand by letter.',
    },
  ];
}

export function settings(overrides: Partial<Settings> = {}): Settings {
  return {
    backendUrl: 'https://api.duebook.example/v1',
    reviewMode: true,
    timeZone: 'America/New_York',
    contactPreset: 'federal',
    ladder: [
      { stage: 'courtesy', daysPastDue: -3, channel: 'email' },
      { stage: 'reminder-1', daysPastDue: 1, channel: 'email' },
      { stage: 'reminder-30', daysPastDue: 30, channel: 'email' },
      { stage: 'final-demand', daysPastDue: 75, channel: 'letter' },
    ],
    handoverTo: 'Keller & Voss LLP, 12 Court St, Boston, MA 02108',
    retentionDays: 365,
    ...overrides,
  };
}

export function progress(
  state: SyncProgress['state'],
  done: number,
  total: number,
  rejected = 0,
): SyncProgress {
  return {
    state,
    done,
    total,
    rejected,
    message: state === 'done' ? 'All tabs synced.' : `Synced ${done} rows.`,
  };
}
