// The sidebar's history lines for what a debtor did with a message: SES opens and clicks and the
// self-service page's visits, per message (outbox key), in office time.
import { describe, expect, it } from 'vitest';
import { engagementByMessage } from '../../apps-script/src/messages.js';

describe('messages', () => {
  describe('engagementByMessage', () => {
    it('returns each message’s events oldest first, in words, on the office clock', () => {
      // Prepare
      const tracking = [
        { kind: 'click', link: 'pay', at: '2026-11-23T15:02:00Z', outboxKey: 'reminder-30#email#2026-10-20' },
        { kind: 'open', at: '2026-11-23T15:00:00Z', outboxKey: 'reminder-30#email#2026-10-20' },
        {
          kind: 'visit',
          link: 'portal',
          at: '2026-11-24T01:30:00Z',
          outboxKey: 'reminder-30#email#2026-10-20',
        },
        { kind: 'open', at: '2026-11-23T16:00:00Z', outboxKey: 'courtesy#email#2026-10-20' },
        { kind: 'visit', link: 'portal', at: '2026-11-23T16:00:00Z', outboxKey: '' },
      ];
      // Act
      const lines = engagementByMessage(tracking, 'America/New_York');
      // Assess
      expect(lines.get('reminder-30#email#2026-10-20')).toEqual([
        'opened 2026-11-23 10:00',
        'clicked the pay link 2026-11-23 10:02',
        'visited the account page 2026-11-23 20:30',
      ]);
      expect(lines.get('courtesy#email#2026-10-20')).toEqual(['opened 2026-11-23 11:00']);
      expect(lines.size).toBe(2);
    });

    it('returns nothing for an answer without tracking (an older API)', () => {
      // Act / Assess
      expect(engagementByMessage(undefined, 'America/New_York').size).toBe(0);
    });
  });
});
