// `npm run sim:offices` as the README shows it, at a size that runs in seconds: the script exits 0
// and prints its figures with nothing missed, doubled or read across offices.
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const ROOT = new URL('../..', import.meta.url).pathname;
const run = promisify(execFile);

describe('scripts/sim-offices.ts', () => {
  describe('npm run sim:offices', () => {
    it('runs a small simulation end to end and prints clean figures', async () => {
      // Act
      const { stdout } = await run(
        'npm',
        ['run', '--silent', 'sim:offices', '--', '--offices', '3', '--days', '1', '--customers', '5-5'],
        { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
      );
      // Assess
      expect(stdout).toMatch(/^offices 3 in \d+ time zones, 15 customers/m);
      expect(stdout).toMatch(/missed 0, twice 0, before 09:00 0; offices off the oracle 0/);
      expect(stdout).toMatch(/, 0 cross-office accesses/);
      expect(stdout).toMatch(/failed runs 0; dead letters 0/);
    }, 180_000);
  });
});
