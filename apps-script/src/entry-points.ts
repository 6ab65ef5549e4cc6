// The one list of global function names Apps Script must see: used by main.ts (which exports them)
// and by scripts/build-addon.ts (which writes a top-level stub for each).
import type { ServerFunctionName } from './contract.js';

/** Menu items in the order they appear, each with the global function it calls. */
export const MENU_ITEMS = [
  { label: 'Set up ledger', handler: 'menuSetupLedger' },
  { label: 'Open Duebook', handler: 'menuOpenSidebar' },
  { label: 'Sync now', handler: 'menuSyncNow' },
  { label: 'Refresh status', handler: 'menuRefreshStatus' },
  { label: "Review tomorrow's queue", handler: 'menuReviewQueue' },
  { label: 'Post a payment', handler: 'menuPostPayment' },
  { label: 'Draft appeal letter', handler: 'menuAppealLetter' },
  { label: 'Check claim status', handler: 'menuCheckClaimStatus' },
  { label: 'Import remittance (835)', handler: 'menuImportRemittance' },
  { label: 'Settings', handler: 'menuSettings' },
  { label: 'Office identity and wording', handler: 'menuOfficeVoice' },
  { label: 'Letters for today', handler: 'menuLettersForToday' },
] as const;

export type MenuHandlerName = (typeof MENU_ITEMS)[number]['handler'];

const SERVER: Record<ServerFunctionName, true> = {
  sidebarCustomer: true,
  logContact: true,
  recordPromise: true,
  previewPlan: true,
  savePlan: true,
  postPayment: true,
  customerInvoices: true,
  setFlag: true,
  markContactChanged: true,
  getQueue: true,
  decideQueue: true,
  customerMessages: true,
  getSettings: true,
  saveSettings: true,
  startSync: true,
  continueSync: true,
  getSyncProgress: true,
  importRemittance: true,
  todayTasks: true,
  getOfficeVoice: true,
  saveOfficeVoice: true,
  previewWording: true,
  lettersForToday: true,
  // Offices, members, API keys, audit (issue #17).
  officeStatus: true,
  createOffice: true,
  membersOverview: true,
  inviteMember: true,
  setMemberRole: true,
  removeMember: true,
  createApiKey: true,
  revokeApiKey: true,
  openMembers: true,
  storedLetterPdf: true,
  todayLetterPdf: true,
  releaseCreditHold: true,
  displayLocale: true,
  // Settings > Sending (issue #17).
  sendingStatus: true,
  verifySendingDomain: true,
  resumeSending: true,
};

/** Every name in the contract's ServerApi (the Record above fails to compile if one is missing). */
export const SERVER_FUNCTIONS = Object.keys(SERVER) as ServerFunctionName[];

export const TRIGGERS = ['onOpen', 'onInstall'] as const;

export const ENTRY_POINTS: readonly string[] = [
  ...TRIGGERS,
  ...MENU_ITEMS.map((m) => m.handler),
  ...SERVER_FUNCTIONS,
];
