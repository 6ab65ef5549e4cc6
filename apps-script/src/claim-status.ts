// "Check claim status": the 276 claim status requests for the claims due for follow-up, one file per
// payer in the clerk's Drive, with each claim's trace number written to its Claims row.
import { ClaimStatusInquiryError, planStatusInquiries } from '../../core/claims/claim-status-inquiry.js';
import { DEFAULT_CLAIM_DEADLINES } from '../../core/claims/deadlines.js';
import { parseLedger } from '../../core/ledger/schema-rows.js';
import { readLedgerRows } from './aging-tab.js';
import { officeProfile } from './appeal.js';
import { AddonError } from './errors.js';
import type { Gas } from './gas.js';
import { readLedgerTab, writeColumnRuns } from './sheets/ledger-tab.js';
import { today } from './sidebar.js';

/** Document property holding the billing provider's NPI, asked for once. */
export const NPI_PROPERTY = 'duebook.officeNpi';

export interface StatusCheck {
  files: { name: string; url: string; payer: string; claims: string[] }[];
  skipped: string[];
  warnings: string[];
  summary: string;
}

/** The NPI saved for this document, else asked for (and saved once it is 10 digits). */
function officeNpi(gas: Gas): string {
  const props = gas.properties.getDocumentProperties();
  const saved = props.getProperty(NPI_PROPERTY);
  if (saved && /^\d{10}$/.test(saved)) return saved;
  const ui = gas.spreadsheet.getUi();
  const answer = ui.prompt(
    'Duebook: claim status requests',
    "The billing provider's NPI (10 digits), sent on every claim status request:",
    ui.ButtonSet.OK_CANCEL,
  );
  const npi = answer.getResponseText().trim();
  if (answer.getSelectedButton() !== ui.Button.OK || !/^\d{10}$/.test(npi)) {
    throw new AddonError(
      'invalid',
      'A claim status request needs the billing provider’s 10-digit NPI; nothing was created.',
      'CLAIM_STATUS.NO_NPI',
    );
  }
  props.setProperty(NPI_PROPERTY, npi);
  return npi;
}

/**
 * Builds the 276 files for the claims due as of today (the sheet's time zone), saves each as a
 * text file in Drive, and records Status Inquiry and Status Inquiry Date on the Claims rows (one
 * setValues per run of rows per column).
 */
export function checkClaimStatus(gas: Gas): StatusCheck {
  const ss = gas.spreadsheet.getActive();
  const tab = readLedgerTab(ss, 'Claims');
  const traceCol = tab?.index.get('statusInquiry') ?? -1;
  const dateCol = tab?.index.get('statusInquiryDate') ?? -1;
  if (!tab || traceCol < 0 || dateCol < 0) {
    throw new AddonError(
      'invalid',
      'The Claims tab needs the Status Inquiry and Status Inquiry Date columns: choose Set up ledger first.',
      'CLAIM_STATUS.NO_COLUMNS',
    );
  }
  const { ledger } = parseLedger(readLedgerRows(ss));
  const asOf = today(gas, ss);
  const npi = officeNpi(gas);
  const now = new Date(gas.now());
  const time = `${String(now.getUTCHours()).padStart(2, '0')}${String(now.getUTCMinutes()).padStart(2, '0')}`;
  // The office's name from Settings; the spreadsheet's name stands in until it is set.
  const profileName = officeProfile(gas).name;
  const officeName = profileName.startsWith('[') ? ss.getName() : profileName;
  let plan: ReturnType<typeof planStatusInquiries>;
  try {
    plan = planStatusInquiries(
      ledger,
      { name: officeName, npi },
      { asOf, config: DEFAULT_CLAIM_DEADLINES, time },
    );
  } catch (e) {
    if (e instanceof ClaimStatusInquiryError) throw new AddonError('invalid', e.message, e.code);
    throw e;
  }
  const files = plan.batches.map((b) => {
    const file = gas.drive.createFile(b.fileName, b.text, 'text/plain');
    return { name: b.fileName, url: file.getUrl(), payer: b.payer, claims: b.claims.map((c) => c.claimId) };
  });
  const updates = new Map(plan.claimUpdates.map((c) => [c.row - 1, c]));
  if (updates.size > 0) {
    const rows = [...updates.keys()];
    writeColumnRuns(tab.sheet, traceCol, rows, (r) => updates.get(r)?.statusInquiry ?? '');
    writeColumnRuns(tab.sheet, dateCol, rows, (r) => updates.get(r)?.statusInquiryDate ?? '');
  }
  const claims = files.reduce((n, f) => n + f.claims.length, 0);
  const summary =
    files.length === 0
      ? `No claim is due for a status request as of ${asOf}.`
      : `${claims} claim(s) to ${files.length} payer(s): ${files.map((f) => f.name).join(', ')}. Upload them to your clearinghouse or payer portal.`;
  return {
    files,
    skipped: plan.skipped.map((s) => `${s.claimId} (row ${s.row}): ${s.reason}`),
    warnings: plan.warnings.map((w) => `${w.claimId}: ${w.message}`),
    summary,
  };
}
