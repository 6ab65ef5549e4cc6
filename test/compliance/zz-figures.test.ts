import { it } from 'vitest';
import { simulate } from './simulate.js';
it('figures', () => { let contacts = 0, statements = 0, restarted = 0, violations = 0; for (let s = 1; s * 25 <= 5000; s++) { const r = simulate(s, 25); contacts += r.contacts; statements += r.statements; restarted += r.restartedThreats; violations += r.violations.length; } console.log('FIGURES', JSON.stringify({ contacts, statements, restarted, violations })); }, 1800000);
