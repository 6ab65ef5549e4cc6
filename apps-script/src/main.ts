// Entry file: only wiring. Builds the services object from Apps Script's globals and exposes every
// name in entry-points.ts; scripts/build-addon.ts turns these exports into global functions.
import type { ServerApi } from './contract.js';
import * as creditHold from './credit-hold.js';
import * as display from './display.js';
import { asResult } from './errors.js';
import type { Gas } from './gas.js';
import * as letterPdfs from './letter-pdfs.js';
import * as members from './members.js';
import * as menu from './menu.js';
import * as messages from './messages.js';
import * as officeVoice from './office-voice.js';
import * as queue from './queue.js';
import * as remittance from './remittance-import.js';
import * as sending from './sending.js';
import * as settings from './settings-api.js';
import * as sidebar from './sidebar.js';
import { readProgress, runSync } from './sync.js';
import * as today from './today.js';

function gas(): Gas {
  return {
    spreadsheet: SpreadsheetApp,
    properties: PropertiesService,
    lock: LockService,
    urlFetch: UrlFetchApp,
    script: ScriptApp,
    session: Session,
    utilities: Utilities,
    html: HtmlService,
    documents: DocumentApp,
    drive: DriveApp,
    now: () => Date.now(),
  };
}

const log = (message: string) => console.error(message);

export function onOpen(_e?: GoogleAppsScript.Events.SheetsOnOpen): void {
  // AuthMode.NONE: only SpreadsheetApp.getUi() is available here.
  menu.buildMenu(SpreadsheetApp.getUi());
}

export function onInstall(e?: GoogleAppsScript.Events.AddonOnInstall): void {
  onOpen(e as GoogleAppsScript.Events.SheetsOnOpen | undefined);
}

export const menuSetupLedger = () => menu.menuSetupLedger(gas());
export const menuOpenSidebar = () => menu.menuOpenSidebar(gas());
export const menuSyncNow = () => menu.menuSyncNow(gas());
export const menuRefreshStatus = () => menu.menuRefreshStatus(gas());
export const menuReviewQueue = () => menu.menuReviewQueue(gas());
export const menuPostPayment = () => menu.menuPostPayment(gas());
export const menuAppealLetter = () => menu.menuAppealLetter(gas());
export const menuCheckClaimStatus = () => menu.menuCheckClaimStatus(gas());
export const menuImportRemittance = () => menu.menuImportRemittance(gas());
export const menuSettings = () => menu.menuSettings(gas());
export const menuOfficeVoice = () => menu.menuOfficeVoice(gas());
export const menuLettersForToday = () => menu.menuLettersForToday(gas());

export const sidebarCustomer: ServerApi['sidebarCustomer'] = () =>
  asResult(() => sidebar.sidebarCustomer(gas()), log);
export const logContact: ServerApi['logContact'] = (input) =>
  asResult(() => sidebar.logContact(gas(), input), log);
export const recordPromise: ServerApi['recordPromise'] = (input) =>
  asResult(() => sidebar.recordPromise(gas(), input), log);
export const previewPlan: ServerApi['previewPlan'] = (input) =>
  asResult(() => sidebar.previewPlan(input), log);
export const savePlan: ServerApi['savePlan'] = (input) => asResult(() => sidebar.savePlan(gas(), input), log);
export const postPayment: ServerApi['postPayment'] = (input) =>
  asResult(() => sidebar.postPayment(gas(), input), log);
export const customerInvoices: ServerApi['customerInvoices'] = (customerId) =>
  asResult(() => sidebar.customerInvoices(gas(), customerId), log);
export const setFlag: ServerApi['setFlag'] = (input) => asResult(() => sidebar.setFlag(gas(), input), log);
export const markContactChanged: ServerApi['markContactChanged'] = (input) =>
  asResult(() => sidebar.markContactChanged(gas(), input), log);
export const getQueue: ServerApi['getQueue'] = () => asResult(() => queue.getQueue(gas()), log);
export const decideQueue: ServerApi['decideQueue'] = (input) =>
  asResult(() => queue.decideQueue(gas(), input), log);
export const customerMessages: ServerApi['customerMessages'] = (customerId) =>
  asResult(() => messages.customerMessages(gas(), customerId), log);
export const getSettings: ServerApi['getSettings'] = () => asResult(() => settings.getSettings(gas()), log);
export const saveSettings: ServerApi['saveSettings'] = (input) =>
  asResult(() => settings.saveSettings(gas(), input), log);
export const startSync: ServerApi['startSync'] = () =>
  asResult(() => runSync(gas(), { retryRejected: true }), log);
export const continueSync: ServerApi['continueSync'] = () =>
  asResult(() => runSync(gas(), { retryRejected: false, purge: false }), log);
export const getSyncProgress: ServerApi['getSyncProgress'] = () => asResult(() => readProgress(gas()), log);
export const getOfficeVoice: ServerApi['getOfficeVoice'] = () =>
  asResult(() => officeVoice.getOfficeVoice(gas()), log);
export const saveOfficeVoice: ServerApi['saveOfficeVoice'] = (input) =>
  asResult(() => officeVoice.saveOfficeVoice(gas(), input), log);
export const previewWording: ServerApi['previewWording'] = (input) =>
  asResult(() => officeVoice.previewWording(gas(), input), log);
export const lettersForToday: ServerApi['lettersForToday'] = () =>
  asResult(() => officeVoice.lettersForToday(gas()), log);
export const importRemittance: ServerApi['importRemittance'] = (input) =>
  asResult(() => remittance.importRemittance(gas(), input), log);
export const todayTasks: ServerApi['todayTasks'] = () => asResult(() => today.todayTasks(gas()), log);
// Offices, members, API keys, audit (issue #17).
export const officeStatus: ServerApi['officeStatus'] = () => asResult(() => members.officeStatus(gas()), log);
export const createOffice: ServerApi['createOffice'] = (input) =>
  asResult(() => members.createOffice(gas(), input), log);
export const membersOverview: ServerApi['membersOverview'] = () =>
  asResult(() => members.membersOverview(gas()), log);
export const inviteMember: ServerApi['inviteMember'] = (input) =>
  asResult(() => members.inviteMember(gas(), input), log);
export const setMemberRole: ServerApi['setMemberRole'] = (input) =>
  asResult(() => members.setMemberRole(gas(), input), log);
export const removeMember: ServerApi['removeMember'] = (input) =>
  asResult(() => members.removeMember(gas(), input), log);
export const createApiKey: ServerApi['createApiKey'] = (input) =>
  asResult(() => members.createApiKey(gas(), input), log);
export const revokeApiKey: ServerApi['revokeApiKey'] = (input) =>
  asResult(() => members.revokeApiKey(gas(), input), log);
export const openMembers: ServerApi['openMembers'] = () => asResult(() => members.openMembers(gas()), log);
export const storedLetterPdf: ServerApi['storedLetterPdf'] = (key) =>
  asResult(() => letterPdfs.storedLetterPdf(gas(), key), log);
export const todayLetterPdf: ServerApi['todayLetterPdf'] = (customerId) =>
  asResult(() => letterPdfs.todayLetterPdf(gas(), customerId), log);
export const displayLocale: ServerApi['displayLocale'] = () =>
  asResult(() => display.displayLocale(gas()), log);
export const releaseCreditHold: ServerApi['releaseCreditHold'] = (input) =>
  asResult(() => creditHold.releaseCreditHold(gas(), input), log);
// Settings > Sending (issue #17).
export const sendingStatus: ServerApi['sendingStatus'] = () =>
  asResult(() => sending.sendingStatus(gas()), log);
export const verifySendingDomain: ServerApi['verifySendingDomain'] = (input) =>
  asResult(() => sending.verifySendingDomain(gas(), input), log);
export const resumeSending: ServerApi['resumeSending'] = (input) =>
  asResult(() => sending.resumeSending(gas(), input), log);
