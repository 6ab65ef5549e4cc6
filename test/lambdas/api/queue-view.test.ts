// The review queue's answer stays within Lambda's response limit: HTML parts past a budget are left
// out in queue order, texts always kept.
import { describe, expect, it } from 'vitest';
import { type QueueItem, withinHtmlBudget } from '../../../lambdas/api/queue-view.js';

const email = (html: string) => ({
  to: 'a@example.com',
  subject: 's',
  text: 'the text',
  html,
  amounts: [],
  localTime: '2026-11-24 08:00 America/New_York',
  zone: 'America/New_York',
  policyVersion: 'p1',
});

const item = (i: number, kind: 'review' | 'uncertain', html: string): QueueItem => ({
  customerId: `C-${i}`,
  stage: 'reminder-30',
  channel: 'email',
  cycle: '2026-10-20',
  status: kind === 'review' ? 'awaiting-review' : 'uncertain',
  kind,
  plannedOn: '2026-11-23',
  notBefore: '2026-11-23T14:00:00.000Z',
  explanation: undefined,
  ...(kind === 'review'
    ? { preview: { ...email(html), composedFor: '2026-11-23T14:00:00.000Z' } }
    : { uncertain: { attempts: 1, message: email(html) } }),
});

describe('queue-view', () => {
  describe('withinHtmlBudget', () => {
    it('keeps every HTML part while they fit, then leaves the rest out in queue order, texts kept', () => {
      // Prepare: four 400-byte HTML parts against a 1,000-byte budget.
      const items = [
        item(1, 'review', 'x'.repeat(400)),
        item(2, 'uncertain', 'y'.repeat(400)),
        item(3, 'review', 'z'.repeat(400)),
        item(4, 'review', ''),
      ];
      // Act
      const fitted = withinHtmlBudget(items, 1_000);
      // Assess
      const parts = fitted.map((i) => (i.preview && 'html' in i.preview ? i.preview : i.uncertain?.message));
      expect(parts.map((p) => p?.html.length)).toEqual([400, 400, 0, 0]);
      expect(parts.map((p) => p?.htmlOmitted)).toEqual([undefined, undefined, true, undefined]);
      expect(parts.every((p) => p?.text === 'the text')).toBe(true);
    });

    it('returns a would-not-send preview untouched', () => {
      // Prepare
      const notSent: QueueItem = {
        ...item(1, 'review', ''),
        preview: { wouldNotSend: { rule: 'flag/dispute', reason: 'disputed' }, composedFor: 'x' },
      };
      // Act, Assess
      expect(withinHtmlBudget([notSent], 0)[0]!.preview).toEqual(notSent.preview);
    });
  });
});
