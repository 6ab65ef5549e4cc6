// The font kept across documents in a process changes no document: the same model gives the same bytes whatever came before.
import { describe, expect, it } from 'vitest';
import type { DocumentModel } from '../../../core/documents/document.js';
import { renderPdf } from '../../../lambdas/documents/pdf.js';

const CREATED = new Date('2026-11-23T14:00:00Z');

const letter = (name: string, text: string): DocumentModel => ({
  title: `Letter to ${name}`,
  blocks: [
    { kind: 'heading', level: 1, text: 'Past due notice' },
    { kind: 'paragraph', text: `Dear ${name}, ${text}` },
    {
      kind: 'table',
      columns: [{ header: 'Invoice' }, { header: 'Due', align: 'right' }],
      rows: [['I-1', '$485.00']],
    },
  ],
});

describe('lambdas/documents/pdf', () => {
  describe('renderPdf', () => {
    it('gives the same bytes for a document whatever was rendered before it in the process', async () => {
      // Prepare
      const a = letter('Ana Ruiz', 'your balance is past due. Ñandú, Łódź, ễ.');
      const b = letter('Zoë Brontë', 'thank you for your payment of $12.00; Ωmega ß straße.');
      // Act
      const a1 = await renderPdf(a, { createdAt: CREATED });
      const b1 = await renderPdf(b, { createdAt: CREATED });
      const a2 = await renderPdf(a, { createdAt: CREATED });
      const b2 = await renderPdf(b, { createdAt: CREATED });
      // Assess
      expect(Buffer.from(a2).equals(Buffer.from(a1))).toBe(true);
      expect(Buffer.from(b2).equals(Buffer.from(b1))).toBe(true);
      expect(Buffer.from(a1).equals(Buffer.from(b1))).toBe(false);
    });
  });
});
