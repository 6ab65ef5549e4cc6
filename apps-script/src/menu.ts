// The add-on menu and what each item does. onOpen must work in AuthMode.NONE: it only builds the
// menu (no properties, no fetches, no reading the sheet).

import { draftAppealForSelection } from './appeal.js';
import { checkClaimStatus } from './claim-status.js';
import { MENU_ITEMS } from './entry-points.js';
import { toUiError } from './errors.js';
import type { Gas } from './gas.js';
import { recordInstaller } from './settings-admin.js';
import { setupLedger } from './sheets/setup-ledger.js';
import { selectedCustomerId } from './sidebar.js';
import { refreshStatus } from './status.js';
import { runSync } from './sync.js';

export function buildMenu(ui: GoogleAppsScript.Base.Ui): void {
  let menu = ui.createAddonMenu();
  for (const item of MENU_ITEMS) menu = menu.addItem(item.label, item.handler);
  menu.addToUi();
}

/** Runs a menu action; a failure is shown to the clerk as an alert rather than a stack trace. */
function withAlert(gas: Gas, action: () => void): void {
  try {
    action();
  } catch (e) {
    const error = toUiError(e);
    gas.spreadsheet.getUi().alert('Duebook', error.message, gas.spreadsheet.getUi().ButtonSet.OK);
  }
}

const toast = (gas: Gas, message: string) => gas.spreadsheet.getActive().toast(message, 'Duebook', 8);

export function menuSetupLedger(gas: Gas): void {
  withAlert(gas, () => {
    const report = setupLedger(gas.spreadsheet.getActive(), gas);
    // Whoever sets up the ledger administers the add-on here (sees the Backend URL in Settings).
    recordInstaller(gas);
    const created = report.createdTabs.length ? `Created ${report.createdTabs.join(', ')}. ` : '';
    const added = report.addedColumns.filter((c) => !report.createdTabs.includes(c.tab));
    toast(gas, `${created}${added.length ? `Added ${added.length} column(s). ` : ''}The ledger is ready.`);
  });
}

export function menuOpenSidebar(gas: Gas): void {
  withAlert(gas, () => {
    gas.spreadsheet.getUi().showSidebar(gas.html.createHtmlOutputFromFile('sidebar').setTitle('Duebook'));
  });
}

export function menuSyncNow(gas: Gas): void {
  withAlert(gas, () => {
    const progress = runSync(gas);
    if (progress.state === 'continuing') {
      // Only a page can start the next execution (a trigger would need another scope): the sidebar
      // sees "continuing" and calls continueSync until done.
      menuOpenSidebar(gas);
      toast(gas, progress.message);
      return;
    }
    // The sync has just filled the Claims tab's computed columns.
    const status = refreshStatus(gas, { claims: false });
    toast(gas, `${progress.message} Status refreshed for ${status.customers} customers.`);
  });
}

export function menuRefreshStatus(gas: Gas): void {
  withAlert(gas, () => {
    const status = refreshStatus(gas);
    const claims = status.claims ? ` ${status.claims} claim(s) got a new next step.` : '';
    toast(gas, `Status refreshed for ${status.customers} customers (as of ${status.asOf}).${claims}`);
  });
}

export function menuReviewQueue(gas: Gas): void {
  withAlert(gas, () => {
    const page = gas.html.createHtmlOutputFromFile('queue').setWidth(900).setHeight(600);
    gas.spreadsheet.getUi().showModalDialog(page, "Tomorrow's queue");
  });
}

export function menuPostPayment(gas: Gas): void {
  withAlert(gas, () => {
    let customerId = '';
    try {
      customerId = selectedCustomerId(gas.spreadsheet.getActive());
    } catch {
      // No customer selected: the dialog asks for one.
    }
    const template = gas.html.createTemplateFromFile('payment');
    template.customerId = customerId;
    gas.spreadsheet
      .getUi()
      .showModalDialog(template.evaluate().setWidth(460).setHeight(560), 'Post a payment');
  });
}

export function menuAppealLetter(gas: Gas): void {
  withAlert(gas, () => {
    const draft = draftAppealForSelection(gas);
    const ui = gas.spreadsheet.getUi();
    const todo = draft.warnings.length ? `\n\nBefore sending:\n- ${draft.warnings.join('\n- ')}` : '';
    ui.alert('Appeal letter drafted', `${draft.summary}\n\n${draft.url}${todo}`, ui.ButtonSet.OK);
  });
}

/** "Check claim status": the 276 files for the claims due, in Drive, with their links. */
export function menuCheckClaimStatus(gas: Gas): void {
  withAlert(gas, () => {
    const check = checkClaimStatus(gas);
    const ui = gas.spreadsheet.getUi();
    const links = check.files.map((f) => `${f.payer}: ${f.url} (${f.claims.join(', ')})`);
    const skipped = check.skipped.length ? `\n\nNot asked about:\n- ${check.skipped.join('\n- ')}` : '';
    const warnings = check.warnings.length ? `\n\nCheck:\n- ${check.warnings.join('\n- ')}` : '';
    ui.alert(
      'Claim status requests',
      `${check.summary}${links.length ? `\n\n${links.join('\n')}` : ''}${skipped}${warnings}`,
      ui.ButtonSet.OK,
    );
  });
}

/** "Import remittance (835)": the dialog that reads an 835 file and posts what is certain. */
export function menuImportRemittance(gas: Gas): void {
  withAlert(gas, () => {
    const page = gas.html.createHtmlOutputFromFile('remittance').setWidth(640).setHeight(520);
    gas.spreadsheet.getUi().showModalDialog(page, 'Import remittance (835)');
  });
}

export function menuSettings(gas: Gas): void {
  withAlert(gas, () => {
    const page = gas.html.createHtmlOutputFromFile('settings').setWidth(520).setHeight(620);
    gas.spreadsheet.getUi().showModalDialog(page, 'Duebook settings');
  });
}

/** "Office identity and wording": letterhead, payment instructions, and each stage's wording with a live preview. */
export function menuOfficeVoice(gas: Gas): void {
  withAlert(gas, () => {
    const page = gas.html.createHtmlOutputFromFile('office').setWidth(900).setHeight(680);
    gas.spreadsheet.getUi().showModalDialog(page, 'Office identity and wording');
  });
}

/** "Letters for today": the letter channel's letters as one PDF to download, print and mail. */
export function menuLettersForToday(gas: Gas): void {
  withAlert(gas, () => {
    const page = gas.html.createHtmlOutputFromFile('letters').setWidth(560).setHeight(480);
    gas.spreadsheet.getUi().showModalDialog(page, 'Letters for today');
  });
}
