// The add-on's reading of a review preview's sender (issue #17): the From and Reply-To the backend
// will use, and a clerk's sentence on why it is the service's address while the domain is not in use.
import { describe, expect, it } from 'vitest';
import { emailView } from '../../apps-script/src/messages.js';

const BASE = {
  to: 'a@example.com',
  subject: 'Reminder',
  text: 'Hello',
  html: '',
  amounts: [],
  localTime: '',
};

describe('messages', () => {
  describe('emailView', () => {
    it.each([
      [
        { fromVia: 'service-domain', pendingDomain: { domain: 'lakeside.example', status: 'pending' } },
        "Sent from Duebook's address under your office's name until lakeside.example is verified.",
      ],
      [
        { fromVia: 'service-domain', pendingDomain: { domain: 'lakeside.example', status: 'failed' } },
        "lakeside.example could not be verified: sent from Duebook's address under your office's name.",
      ],
      [
        { fromVia: 'service-domain' },
        "Sent from Duebook's address under your office's name (no domain of your own is set up).",
      ],
      [{ fromVia: 'office-domain' }, undefined],
    ])('keeps the From and Reply-To and explains a service From (%o)', (sender, note) => {
      // Act
      const view = emailView({
        ...BASE,
        from: '"Lakeside" <billing@x.example>',
        replyTo: 'desk@lakeside.example',
        ...sender,
      });
      // Assess
      expect(view.from).toBe('"Lakeside" <billing@x.example>');
      expect(view.replyTo).toBe('desk@lakeside.example');
      expect(view.fromNote).toBe(note);
    });

    it('adds no sender to an archived message that has none', () => {
      expect(emailView(BASE)).not.toHaveProperty('from');
    });
  });
});
