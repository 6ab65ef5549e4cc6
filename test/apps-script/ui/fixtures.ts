// Canned server answers for the page tests: a realistic customer panel, a queue, settings, sending.

import type {
  CustomerPanel,
  EmailView,
  QueueEntry,
  SentMessage,
  Settings,
  SyncProgress,
} from '../../../apps-script/src/contract.js';
import type { SendingView } from '../../../apps-script/src/sending-contract.js';

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
      {
        activityId: 'DB-reminder-30-email-2026-08-20',
        date: '2026-11-02',
        type: 'email',
        direction: 'outbound',
        stage: 'reminder-30',
        outcome: 'sent 2026-11-02 09:14 America/New_York (SES ses-0001)',
        by: 'duebook',
      },
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

/** An email as the pages get it, with markup in its HTML part that must stay inside the frame. */
export function email(overrides: Partial<EmailView> = {}): EmailView {
  return {
    to: 'billing@hartwell-dental.example',
    subject: 'Payment reminder: USD 4,827.50 past due',
    text: [
      'Dear Hartwell Dental Group,',
      '',
      'USD 4,827.50 is past due on the following:',
      '',
      'INV-2026-0871  due 2026-08-20  USD 2,000.00',
      'INV-2026-0932  due 2026-09-30  USD 1,627.50',
      'INV-2026-1010  due 2026-11-01  USD 1,200.00',
      '',
      'Please pay by 2026-12-04.',
    ].join('\n'),
    html:
      '<p>Dear Hartwell Dental Group,</p><p><strong>USD 4,827.50</strong> is past due.</p>' +
      '<table><tr><td>INV-2026-0871</td><td>USD 2,000.00</td></tr></table>' +
      '<script>parent.window.__pwned = 3</script><img src="https://tracker.example/pixel.gif">',
    amounts: [usd(482_750)],
    debtorTime: '2026-11-24 09:00 America/New_York',
    ...overrides,
  };
}

export function queueEntries(): QueueEntry[] {
  return [
    {
      customerId: 'C-0042',
      customerName: 'Hartwell Dental Group',
      stage: 'reminder-60',
      stageLabel: '60-day reminder',
      channel: 'email',
      cycle: '2026-08-20',
      kind: 'review',
      plannedFor: '2026-11-24 09:00',
      amount: usd(482_750),
      why: 'Oldest invoice is 61 days past due; reminder-60 not yet sent this cycle.',
      preview: email(),
    },
    {
      customerId: 'C-0107',
      customerName: 'Okafor Landscaping',
      stage: 'reminder-1',
      stageLabel: '1-day reminder',
      channel: 'email',
      cycle: '2026-11-22',
      kind: 'review',
      plannedFor: '2026-11-24 09:00',
      why: 'Invoice INV-2026-1102 became 1 day past due.',
      wouldNotSend: {
        rule: 'send-time/nothing-due',
        reason:
          'nothing is due from Okafor Landscaping any more (paid, credited or no longer overdue as of 2026-11-23)',
      },
    },
    {
      customerId: 'C-0230',
      stage: 'final-demand',
      stageLabel: 'Final demand',
      channel: 'letter',
      cycle: '2026-09-01',
      kind: 'review',
      why: '75 days past due; final demand by letter.',
    },
  ];
}

/** A send SES never confirmed, and a customer the daily run could not plan. */
export function settlingEntries(): QueueEntry[] {
  return [
    {
      customerId: 'C-0311',
      customerName: 'Brightwater Marina',
      stage: 'reminder-30',
      channel: 'email',
      cycle: '2026-10-20',
      kind: 'uncertain',
      why: 'Oldest invoice is 34 days past due.',
      amount: usd(40_000),
      uncertain: {
        claimedAt: '2026-11-23 10:02',
        attempts: 1,
        reason:
          "may have been sent: handed to SES at 2026-11-23T15:02:00.000Z (attempt 1) and never confirmed; check the recipient's copy before sending again",
        message: email({
          to: 'accounts@brightwater.example',
          subject: 'Payment reminder: USD 400.00 past due',
          text: [
            'Dear Brightwater Marina,',
            '',
            'USD 400.00 is past due on the following:',
            '',
            'INV-2026-0977  due 2026-10-20  USD 400.00',
            '',
            'Please pay by 2026-12-03.',
          ].join('\n'),
          html: '<p>Dear Brightwater Marina,</p><p><strong>USD 400.00</strong> is past due.</p>',
          amounts: [usd(40_000)],
          debtorTime: '2026-11-23 10:02 America/New_York',
        }),
      },
    },
    {
      customerId: 'C-0415',
      customerName: 'Lindqvist Bakery',
      stage: 'run-error',
      channel: 'none',
      cycle: '2026-11-23',
      kind: 'failed',
      why: 'Duebook could not plan this customer on 2026-11-23.',
      error: {
        rule: 'run/failed',
        reason: 'the open balance of Lindqvist Bakery exceeds the largest exact amount',
      },
    },
  ];
}

/** Messages Duebook sent Hartwell, as the archive answers them (newest first). */
export function sentMessages(): SentMessage[] {
  return [
    {
      ...email({
        subject: 'Payment reminder: USD 3,627.50 past due',
        debtorTime: '2026-11-02 09:14 America/New_York',
        amounts: [usd(362_750)],
      }),
      activityId: 'DB-reminder-30-email-2026-08-20',
      stage: 'reminder-30',
      channel: 'email',
      cycle: '2026-08-20',
      sentAt: '2026-11-02 09:14',
      officeZone: 'America/New_York',
      messageId: 'ses-0001',
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

/** The Activity lines Duebook wrote for Hartwell (the backend's; the sheet does not hold them). */
export function duebookActivity(): CustomerPanel['history'] {
  return [
    {
      activityId: 'DB-X-reminder-60-email-2026-08-20-2026-11-21',
      date: '2026-11-21',
      type: 'note',
      direction: 'outbound',
      outcome: 'not sent: flag/attorney',
      note: 'Duebook did not send the reminder-60 email: the customer is represented by an attorney',
      by: 'duebook',
    },
    {
      activityId: 'DB-reminder-30-email-2026-08-20',
      date: '2026-11-02',
      type: 'email',
      direction: 'outbound',
      stage: 'reminder-30',
      outcome: 'sent 2026-11-02 09:14 America/New_York (SES ses-0001)',
      by: 'duebook',
    },
  ];
}

/** Settings > Sending as `sendingStatus` answers it: a pending domain, healthy rates, an admin. */
export function sendingView(overrides: Partial<SendingView> = {}): SendingView {
  return {
    canManage: true,
    domain: {
      name: 'lakeside-dental.example',
      fromAddress: 'billing@lakeside-dental.example',
      status: 'pending',
      records: ['abc1', 'def2', 'ghi3'].map((t) => ({
        type: 'CNAME',
        name: `${t}._domainkey.lakeside-dental.example`,
        value: `${t}.dkim.amazonses.com`,
      })),
    },
    sender: {
      from: '"Lakeside Dental" <billing@duebook.example.com>',
      replyTo: 'front-desk@lakeside-dental.example',
      via: 'service-domain',
    },
    standing: 'active',
    rates: {
      windowFrom: '2026-10-25',
      sends: 412,
      bounces: 6,
      complaints: 0,
      complaintRate: 0,
      bounceRate: 6 / 412,
    },
    minSendsForAction: 200,
    lines: { complaintWarning: 0.001, complaintPause: 0.005, bounceWarning: 0.05, bouncePause: 0.1 },
    ...overrides,
  };
}
