// "Sync now": starts a sync and keeps calling `continueSync` (each a fresh Apps Script execution)
// while the server says `continuing`, showing rows done of total and how many rows were rejected.
import type { Result, SyncProgress } from '../../src/contract.js';
import { h } from '../lib/dom.js';
import { whileBusy } from '../lib/forms.js';
import { clearMessage, showError, showSuccess } from '../lib/messages.js';
import { call } from '../lib/server.js';

/** Enough rounds for a very large sheet; a server stuck in `continuing` must not loop forever. */
const MAX_ROUNDS = 1000;
/** How long to wait before asking again while another execution is `running` the sync. */
const RUNNING_POLL_MS = 2000;

export interface SyncView {
  section: HTMLElement;
  /** Resolves when the sync in progress (if any) has stopped. */
  idle(): Promise<void>;
  /** Carries on a sync another execution left `continuing`. */
  resume(): Promise<void>;
}

export function syncView(onDone: () => void, pollMs = RUNNING_POLL_MS): SyncView {
  const box = h('div', { class: 'form-message', 'aria-live': 'polite' });
  const bar = h('progress', { id: 'sync-progress', max: '1', value: '0', 'aria-labelledby': 'sync-count' });
  const count = h('p', { id: 'sync-count', class: 'secondary' }, 'Not synced in this session.');
  const rejected = h('p', { id: 'sync-rejected', hidden: true });
  const status = h('p', { id: 'sync-status', class: 'secondary' });
  const button = h('button', { type: 'button', class: 'action', id: 'sync-now' }, 'Sync now');
  const progressWrap = h('div', { class: 'sync-progress', hidden: true }, bar, count, rejected, status);
  const section = h(
    'section',
    { class: 'block', id: 'sync', 'aria-labelledby': 'sync-title' },
    h('h2', { id: 'sync-title' }, 'Sync with Duebook'),
    h('p', { class: 'hint' }, 'Sends changed rows and brings back balances, stages and next actions.'),
    h('div', { class: 'buttons' }, button),
    progressWrap,
    box,
  );

  const show = (p: SyncProgress) => {
    progressWrap.hidden = false;
    bar.max = Math.max(p.total, 1);
    bar.value = Math.min(p.done, bar.max);
    count.textContent = `${p.done.toLocaleString('en-US')} of ${p.total.toLocaleString('en-US')} rows`;
    status.textContent = p.message;
    rejected.hidden = p.rejected === 0;
    rejected.className = p.rejected > 0 ? 'warning' : '';
    rejected.textContent =
      p.rejected === 1
        ? '1 row rejected: see the note beside it in the sheet.'
        : `${p.rejected.toLocaleString('en-US')} rows rejected: see the notes beside them in the sheet.`;
  };

  let running: Promise<void> = Promise.resolve();

  /** Follows a sync from `first` (a `startSync` or `getSyncProgress` answer) until it stops. */
  const follow = async (first: Promise<Result<SyncProgress>>) => {
    clearMessage(box);
    let result = await first;
    for (let round = 0; round < MAX_ROUNDS && result.ok; round++) {
      show(result.value);
      if (result.value.state === 'continuing') result = await call('continueSync');
      else if (result.value.state === 'running') {
        await new Promise((r) => setTimeout(r, pollMs));
        result = await call('getSyncProgress');
      } else break;
    }
    if (!result.ok) {
      showError(box, result.error);
      return;
    }
    const p = result.value;
    if (p.state === 'done' || p.state === 'idle') {
      showSuccess(
        box,
        p.rejected > 0
          ? `Sync finished with ${p.rejected.toLocaleString('en-US')} rejected rows.`
          : 'Sync finished.',
      );
      onDone();
    } else if (p.state === 'failed') {
      showError(box, { kind: 'other', message: p.message || 'The sync stopped.' });
    } else {
      showError(box, {
        kind: 'other',
        message: 'The sync is taking unusually long. Press Sync now to carry on.',
      });
    }
  };

  button.addEventListener('click', () => {
    running = whileBusy(section, () => follow(call('startSync')));
  });

  /**
   * The menu's "Sync now" opens the sidebar when one execution was not enough: pick up a sync left
   * `continuing` (or `running`) and carry it on. Anything else, including a failure to ask, is
   * left alone; the clerk can still press Sync now.
   */
  const resume = async () => {
    const now = await call('getSyncProgress');
    if (!now.ok || (now.value.state !== 'continuing' && now.value.state !== 'running')) return;
    running = whileBusy(section, () => follow(Promise.resolve(now)));
    await running;
  };

  return { section, idle: () => running, resume };
}
