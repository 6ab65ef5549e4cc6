// POST /v1/letters/appeal through the real local stack: claims synced into DynamoDB Local, the
// letter drafted for the caller's tenant and returned as text, HTML and PDF.
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncLedger } from '../../cli/sync-client.js';
import type { LedgerRows } from '../../core/ledger/schema-rows.js';
import type { AppealLetterResponse } from '../../lambdas/documents/appeal-letters.js';
import { type LocalStack, startLocalStack } from '../../lambdas/local/stack.js';
import { pageLines } from './documents/pdf-text.js';

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';

/** A success or an error body; each test reads the one its status promises. */
type Answer = AppealLetterResponse & { error: { code: string; message: string } };

/** 10:00 in New York. */
const NOW = new Date('2026-11-23T15:00:00Z');

const ROWS: LedgerRows = {
  Customers: [
    ['Customer ID', 'Name', 'Email'],
    ['P-1', 'Ana Ruiz', 'ana@example.org'],
    ['P-2', 'Wei Zhang', 'wei@example.org'],
  ],
  Claims: [
    [
      'Claim ID',
      'Customer ID',
      'Payer',
      'Payer Type',
      'Payer Claim Number',
      'Member ID',
      'Service From',
      'Billed',
      'Paid',
      'Currency',
      'Status',
      'Adjustment Codes',
      'Appeal Deadline',
    ],
    [
      'CLM-1',
      'P-1',
      'Blue Shield of Example',
      'commercial',
      '2026111800123',
      'XYZ123456789',
      '2026-09-14',
      '1485.00',
      '0',
      'USD',
      'denied',
      'CO-197',
      '2027-04-18',
    ],
    [
      'CLM-2',
      'P-2',
      'Medicare Part B',
      'medicare',
      'ICN-77',
      '1EG4-TE5-MK72',
      '2026-08-02',
      '240.00',
      '180.00',
      'USD',
      'paid',
      'CO-45',
      '',
    ],
  ],
};

describe('POST /v1/letters/appeal', () => {
  let stack: LocalStack;

  beforeAll(async () => {
    stack = await startLocalStack({ tenantId: 'letters-office', now: () => NOW });
    const reports = await syncLedger(stack.apiUrl, { idToken: await stack.token() }, ROWS);
    if (reports.some((r) => r.errors.length > 0)) throw new Error(`sync failed: ${JSON.stringify(reports)}`);
    await stack.store.putMembership('other@example.com', 'other-office', 'admin');
  }, 120_000);

  afterAll(async () => {
    await stack?.stop();
  });

  const post = async (body: unknown, email?: string) => {
    const res = await fetch(`${stack.apiUrl}/v1/letters/appeal`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${await stack.token(email)}` },
      body: JSON.stringify(body),
    });
    return { status: res.status, body: (await res.json()) as Answer };
  };

  it('returns the letter as text, HTML and PDF, dated today in the office time zone', async () => {
    // Act
    const res = await post({ claimId: 'CLM-1', customerId: 'P-1' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.storedAs).toBe('tenant/letters-office/letters/appeal/CLM-1/2026-11-23.pdf');
    expect(res.body.category).toBe('authorization');
    expect(res.body.title).toBe('Appeal of Claim Denial - claim CLM-1 - Ana Ruiz');
    expect(res.body.text).toContain('23 November 2026');
    expect(res.body.text).toContain('Duebook Demo Office');
    expect(res.body.text).toContain('2026111800123');
    expect(res.body.html).toMatch(/^<!DOCTYPE html>/);
    expect(res.body.warnings.join('\n')).toContain('no Payer Address');
    const pdf = Buffer.from(res.body.pdfBase64, 'base64');
    const loaded = await PDFDocument.load(pdf, { updateMetadata: false });
    expect(loaded.getTitle()).toBe(res.body.title);
    expect(loaded.getCreationDate()?.toISOString()).toBe(NOW.toISOString());
    expect((await pageLines(pdf)).flat().join('\n')).toContain('XYZ123456789');
  });

  it('returns the letter for a claim id alone, stored in letter storage under the tenant', async () => {
    // Act
    const res = await post({ claimId: 'CLM-1' });
    // Assess
    expect(res.status).toBe(200);
    expect(res.body.title).toBe('Appeal of Claim Denial - claim CLM-1 - Ana Ruiz');
    expect(res.body.storedAs).toBe('tenant/letters-office/letters/appeal/CLM-1/2026-11-23.pdf');
    const stored = await stack.letters.get('letters-office', res.body.storedAs!);
    expect(stored?.contentType).toBe('application/pdf');
    expect(Buffer.from(stored!.bytes).toString('base64')).toBe(res.body.pdfBase64);
    // Another tenant's caller cannot read it through its own prefix.
    await expect(stack.letters.get('other-office', res.body.storedAs!)).rejects.toThrow(/not this tenant/);
  });

  it("returns 404 when the customer id sent along is not the claim's customer", async () => {
    const res = await post({ claimId: 'CLM-1', customerId: 'P-2' });
    expect(res.status).toBe(404);
    expect(res.body.error.message).toBe('no claim "CLM-1" for customer "P-2" has been synced');
  });

  it('returns the letter signed with the office profile in the request', async () => {
    const office = {
      name: 'Maple Street Family Medicine',
      addressLines: ['12 Maple Street'],
      npi: '1234567893',
    };
    const res = await post({ claimId: 'CLM-1', customerId: 'P-1', office });
    expect(res.status).toBe(200);
    expect(res.body.text).toContain('Maple Street Family Medicine\n');
    expect(res.body.text).toContain('NPI 1234567893');
  });

  it('returns 400 naming the claim row for a claim that is not denied', async () => {
    const res = await post({ claimId: 'CLM-2', customerId: 'P-2' });
    expect(res.status).toBe(400);
    expect(res.body.error.code).toBe('REQUEST.CLAIM_NOT_APPEALABLE');
    expect(res.body.error.message).toContain('Claims row 3 (claim CLM-2) has status "paid"');
  });

  it('returns 404 for an unknown claim, and for a claim of another tenant', async () => {
    const unknown = await post({ claimId: 'CLM-9', customerId: 'P-1' });
    expect(unknown.status).toBe(404);
    expect(unknown.body.error.message).toBe('no claim "CLM-9" for customer "P-1" has been synced');
    const alone = await post({ claimId: 'CLM-9' });
    expect(alone.status).toBe(404);
    expect(alone.body.error.message).toBe('no claim "CLM-9" has been synced');
    const otherTenant = await post({ claimId: 'CLM-1', customerId: 'P-1' }, 'other@example.com');
    expect(otherTenant.status).toBe(404);
  });

  it('returns 400 naming the field for a malformed request', async () => {
    const res = await post({ customerId: 'P-1', office: { name: 'X', addressLines: [], npi: '12' } });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('claimId');
    expect(res.body.error.message).toContain('office.npi: an NPI is 10 digits');
  });
});
