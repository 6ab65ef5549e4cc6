// The Apps Script services the add-on uses, handed to each module so logic never reads globals.
// Only `main.ts` builds this object from the real globals.

export interface Gas {
  spreadsheet: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  properties: GoogleAppsScript.Properties.PropertiesService;
  lock: GoogleAppsScript.Lock.LockService;
  urlFetch: GoogleAppsScript.URL_Fetch.UrlFetchApp;
  script: GoogleAppsScript.Script.ScriptApp;
  session: GoogleAppsScript.Base.Session;
  utilities: GoogleAppsScript.Utilities.Utilities;
  html: GoogleAppsScript.HTML.HtmlService;
  documents: GoogleAppsScript.Document.DocumentApp;
  /** Files the add-on creates (claim status requests); scope drive.file: only its own files. */
  drive: GoogleAppsScript.Drive.DriveApp;
  /** Milliseconds since the epoch; the only clock the add-on reads. */
  now: () => number;
}

/** What the sync may spend in one execution before it saves its place (Apps Script stops at 6 min). */
export const TIME_BUDGET_MS = 4.5 * 60 * 1000;
