// A settable clock and a tiny daily scheduler (the local EventBridge Scheduler) for replaying days.
import { addDays, type IsoDate, localTime, zonedInstant } from '../../core/ledger/dates.js';

const MS_PER_DAY = 86_400_000;

export interface Clock {
  /** Current instant, epoch milliseconds (what core's functions take as `now`). */
  now(): number;
  /** Current instant as ISO text (`2026-03-02T14:00:00.000Z`). */
  nowIso(): string;
  /** Jumps to an instant (ISO text, Date or epoch ms); backwards is allowed. */
  set(instant: string | Date | number): void;
  /** Moves forward by whole 24-hour days (negative moves back). */
  advanceDays(days: number): void;
  /** Moves by milliseconds. */
  advanceMs(ms: number): void;
}

function toMs(instant: string | Date | number): number {
  const ms =
    typeof instant === 'number'
      ? instant
      : typeof instant === 'string'
        ? Date.parse(instant)
        : instant.getTime();
  if (!Number.isFinite(ms)) throw new RangeError(`not an instant: ${String(instant)}`);
  return ms;
}

/** A clock that only moves when told to. */
export function createClock(start: string | Date | number): Clock {
  let current = toMs(start);
  return {
    now: () => current,
    nowIso: () => new Date(current).toISOString(),
    set(instant) {
      current = toMs(instant);
    },
    advanceDays(days) {
      current += days * MS_PER_DAY;
    },
    advanceMs(ms) {
      current += ms;
    },
  };
}

/** What a job is told about the occurrence it runs for. */
export interface ScheduledRun {
  /** The occurrence's instant, epoch ms (not the clock's current time, which may be later). */
  scheduledAt: number;
  /** The local date of the occurrence in the job's zone: the business day being run. */
  localDate: IsoDate;
  timeZone: string;
}

export type JobFn = (run: ScheduledRun) => unknown | Promise<unknown>;

export interface DailyJob {
  hourLocal: number;
  timeZone: string;
  /** Next occurrence, epoch ms. */
  next(): number;
  cancel(): void;
}

export interface Scheduler {
  /**
   * Runs `fn` every day at `hourLocal`:00 in `timeZone` (DST-aware; a skipped hour runs at the
   * next existing instant). The first occurrence is the first one strictly after the clock's
   * current time, as with a new EventBridge schedule.
   */
  daily(hourLocal: number, timeZone: string, fn: JobFn): DailyJob;
  /**
   * Runs every occurrence at or before the clock's time that has not run yet, oldest first and
   * one at a time (a clock moved three days ahead runs three days). If a job throws, its
   * occurrence stays due (so the next `runDue` retries it) and the error is rethrown.
   */
  runDue(): Promise<ScheduledRun[]>;
}

function nextOccurrence(after: number, hourLocal: number, timeZone: string): number {
  const today = localTime(after, timeZone).date;
  for (let offset = -1; offset <= 2; offset++) {
    const at = zonedInstant(addDays(today, offset), hourLocal, timeZone);
    if (at > after) return at;
  }
  throw new Error(`no occurrence of ${hourLocal}:00 ${timeZone} after ${new Date(after).toISOString()}`);
}

export function createScheduler(clock: Clock): Scheduler {
  interface Entry {
    hourLocal: number;
    timeZone: string;
    fn: JobFn;
    next: number;
    cancelled: boolean;
    order: number;
  }
  const entries: Entry[] = [];
  let order = 0;
  let running = false;

  return {
    daily(hourLocal, timeZone, fn) {
      if (!Number.isInteger(hourLocal) || hourLocal < 0 || hourLocal > 23) {
        throw new RangeError(`hourLocal must be an integer 0-23, got ${hourLocal}`);
      }
      // Throws a RangeError for an unknown zone.
      localTime(clock.now(), timeZone);
      const entry: Entry = {
        hourLocal,
        timeZone,
        fn,
        next: nextOccurrence(clock.now(), hourLocal, timeZone),
        cancelled: false,
        order: order++,
      };
      entries.push(entry);
      return {
        hourLocal,
        timeZone,
        next: () => entry.next,
        cancel() {
          entry.cancelled = true;
        },
      };
    },
    async runDue() {
      if (running) throw new Error('runDue is already running');
      running = true;
      const ran: ScheduledRun[] = [];
      try {
        for (;;) {
          const now = clock.now();
          const due = entries
            .filter((e) => !e.cancelled && e.next <= now)
            .sort((a, b) => a.next - b.next || a.order - b.order)[0];
          if (!due) return ran;
          const run: ScheduledRun = {
            scheduledAt: due.next,
            localDate: localTime(due.next, due.timeZone).date,
            timeZone: due.timeZone,
          };
          await due.fn(run);
          due.next = nextOccurrence(due.next, due.hourLocal, due.timeZone);
          ran.push(run);
        }
      } finally {
        running = false;
      }
    },
  };
}
