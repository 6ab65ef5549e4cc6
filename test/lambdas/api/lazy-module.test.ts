// A route group's code is loaded once, on its first request, and a failed load is tried again.
import { describe, expect, it } from 'vitest';
import { lazyModule } from '../../../lambdas/api/lazy-module.js';

describe('lazy-module', () => {
  describe('lazyModule', () => {
    it('returns the same module to every caller, loading it once, and not before the first call', async () => {
      // Prepare
      let loads = 0;
      const load = lazyModule(async () => {
        loads += 1;
        return { answer: 42 };
      });
      // Act
      const before = loads;
      const [a, b] = await Promise.all([load(), load()]);
      const c = await load();
      // Assess
      expect(before).toBe(0);
      expect(loads).toBe(1);
      expect(a).toBe(b);
      expect(c).toBe(a);
    });

    it('returns the error of a failed load, and loads again on the next call', async () => {
      // Prepare
      let loads = 0;
      const load = lazyModule(async () => {
        loads += 1;
        if (loads === 1) throw new Error('chunk not readable');
        return { answer: 42 };
      });
      // Act
      const first = await load().then(
        () => 'loaded',
        (e: Error) => e.message,
      );
      const second = await load();
      // Assess
      expect(first).toBe('chunk not readable');
      expect(second).toEqual({ answer: 42 });
      expect(loads).toBe(2);
    });
  });
});
