// Tests for core/ledes/parse-xml.ts: LEDES XML 2.x invoices read like 1998B and 98BI ones, with
// currency, tax and discounts, and malformed or inconsistent files refused with the line.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { formatLedesProblem } from '../../../core/ledes/ledes-types.js';
import { parseLedes } from '../../../core/ledes/parse.js';
import { parseXml } from '../../../core/ledes/parse-xml.js';
import { ledesToLedger } from '../../../core/ledes/to-ledger.js';

const xml = readFileSync(
  new URL('../../fixtures/ledes/handmade-xml21-two-invoices.xml', import.meta.url),
  'utf8',
);

describe('ledes/parse-xml', () => {
  describe('parseLedes (LEDES XML 2.x)', () => {
    it('reads both invoices with their currency, tax, discount and lines', () => {
      // Act
      const result = parseLedes(xml);
      // Assess
      expect(result.problems.filter((p) => p.severity === 'error')).toEqual([]);
      expect(
        result.invoices.map((i) => [
          i.format,
          i.invoiceNumber,
          i.clientId,
          i.lawFirmMatterId,
          i.currency,
          i.totalMinor,
          i.taxMinor,
        ]),
      ).toEqual([
        ['XML', '2026-0815', 'ACME-DE', 'M-2026-17', 'EUR', 142_800, 22_800],
        ['XML', '2026-0816', 'ACME-DE', 'M-2026-18', 'EUR', 45_000, undefined],
      ]);
      const first = result.invoices[0]!;
      expect(first.lines.map((l) => [l.type, l.totalMinor, l.taskCode ?? l.expenseCode ?? ''])).toEqual([
        ['IF', -10_000, ''],
        ['F', 90_000, 'L210'],
        ['F', 30_000, 'L120'],
        ['E', 10_000, 'E110'],
      ]);
      expect(first.lines[2]!.description).toBe('Recherche <Rechtsprechung>');
      expect(first).toMatchObject({
        clientName: 'Acme GmbH',
        lawFirmName: 'Beispiel & Partner Rechtsanwälte',
        matterName: 'Acme ./. Widget AG',
        billingStartDate: '2026-10-01',
        netMinor: 120_000,
      });
      // The second invoice has no billing period: the invoice date stands in.
      expect(result.invoices[1]!.billingStartDate).toBe('2026-10-31');
    });

    it('rejects an invoice whose items do not add up to inv_total_net_due, naming the line', () => {
      // Act
      const result = parseLedes(xml.replace('<inv_total_net_due>450.00<', '<inv_total_net_due>500.00<'));
      // Assess
      expect(result.rejected).toEqual(['2026-0816']);
      expect(result.invoices.map((i) => i.invoiceNumber)).toEqual(['2026-0815']);
      const error = result.problems.find((p) => p.code === 'LEDES.INVOICE_TOTAL_MISMATCH')!;
      expect(formatLedesProblem(error)).toMatch(/^Line 91, <inv_total_net_due>: 500\.00 is not what/);
    });

    it('says where XML that is not well formed stops', () => {
      // Act
      const result = parseLedes(xml.replace('</fee>', '</feex>'));
      // Assess
      expect(result.invoices).toEqual([]);
      expect(result.problems).toMatchObject([{ severity: 'error', code: 'LEDES.XML_MALFORMED', line: 61 }]);
    });

    it('imports into the ledger in euros with the client name and the tax as its own receivable', () => {
      // Act
      const result = ledesToLedger(parseLedes(xml).invoices);
      // Assess: 2026-0815 owes 1,428.00 = 1,200.00 net + 228.00 tax; 2026-0816 has no tax.
      expect(result.invoices.map((i) => [i.invoiceId, i.amountMinor, i.currency, i.matter])).toEqual([
        ['2026-0815', 120_000, 'EUR', 'M-2026-17'],
        ['2026-0815-TAX', 22_800, 'EUR', 'M-2026-17'],
        ['2026-0816', 45_000, 'EUR', 'M-2026-18'],
      ]);
      expect(result.invoices[0]!.description).toContain('tax EUR 228.00, billed as 2026-0815-TAX');
      expect(result.customers.map((c) => c.name)).toEqual(['Acme GmbH']);
    });
  });

  describe('parseXml', () => {
    it('reads elements with namespace prefixes, entities and self-closing tags', () => {
      // Act
      const root = parseXml('<a:r xmlns:a="x"><a:b>1 &lt; 2</a:b><c/></a:r>');
      // Assess
      expect(root.name).toBe('r');
      expect(root.children.map((c) => [c.name, c.text])).toEqual([
        ['b', '1 < 2'],
        ['c', ''],
      ]);
    });
  });
});
