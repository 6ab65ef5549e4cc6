// Reads LEDES XML 2.x e-billing invoices (ledesxmlebilling2.x) into the same invoices as 1998B/98BI.
import type { LedesParse, LedesParseOptions } from './parse.js';

/** Parses a LEDES XML file. */
export function parseLedesXmlText(_text: string, _options: LedesParseOptions = {}): LedesParse {
  return {
    invoices: [],
    rejected: [],
    problems: [
      { severity: 'error', line: 1, code: 'LEDES.XML_UNSUPPORTED', message: 'LEDES XML is not read yet' },
    ],
  };
}
