// Generated mutation test for the 835 reader: every published file, with one element inside a
// transaction damaged at random, must still read, and every claim other than the one holding the
// damage must come out exactly as from the intact file; a damaged claim that changed is never posted.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIM_DEADLINES } from '../../../core/claims/deadlines.js';
import { postRemittances } from '../../../core/claims/remittance-posting.js';
import { parse835 } from '../../../core/x12/parse-835.js';

const FIXTURES = new URL('../../fixtures/x12-835/', import.meta.url);

/** An element inside an ST..SE transaction (not ST or SE themselves), by its offsets in the text. */
interface Site {
  start: number;
  end: number;
  segmentId: string;
  element: number;
}

/**
 * Splits a file with an ISA into segments and elements, taking the separators from the ISA the
 * way the standard places them (the reader under test is not used), and lists every element site
 * inside a transaction.
 */
function sitesOf(text: string): Site[] {
  const isa = text.indexOf('ISA');
  const element = text[isa + 3]!;
  let at = isa;
  for (let k = 0; k < 16; k++) at = text.indexOf(element, at + 1);
  let terminator = text[at + 2]!;
  let pos = at + 3;
  if (/\s/.test(terminator)) {
    // A line break after ISA16 is the terminator, unless each next line starts with a `~`.
    let next = pos;
    while (/\s/.test(text[next]!)) next++;
    if (!/[A-Za-z0-9]/.test(text[next]!)) {
      terminator = text[next]!;
      pos = next + 1;
    } else terminator = '\n';
  }
  const sites: Site[] = [];
  let inTransaction = false;
  while (pos < text.length) {
    let end = text.indexOf(terminator, pos);
    if (end === -1) end = text.length;
    let s = pos;
    while (s < end && /\s/.test(text[s]!)) s++;
    const segment = text.slice(s, end);
    const id = segment.split(element)[0]!.trim();
    if (id === 'ST') inTransaction = true;
    else if (id === 'SE') inTransaction = false;
    else if (inTransaction) {
      let from = s + id.length;
      let n = 1;
      while (from < end && text[from] === element) {
        let to = text.indexOf(element, from + 1);
        if (to === -1 || to > end) to = end;
        // Keep trailing line breaks (a newline-terminated file's terminator) outside the element.
        let last = to;
        while (last > from + 1 && /\s/.test(text[last - 1]!)) last--;
        sites.push({ start: from + 1, end: last, segmentId: id, element: n });
        from = to;
        n++;
      }
    }
    pos = end + 1;
  }
  return sites;
}

const files = readdirSync(FIXTURES)
  .map((name) => ({ name, text: readFileSync(new URL(name, FIXTURES), 'utf8') }))
  .filter((f) => f.text.includes('ISA'));

const JUNK = ['', 'X?Z', '12.3x', '20002316', '{AMOUNT}', '-', '99999999999999999999', 'NULL'];

/** Where each claim's CLP starts in the text, in file order (the same order the reader gives). */
function clpOffsets(sites: readonly Site[]): number[] {
  const seen = new Set<number>();
  const out: number[] = [];
  for (const s of sites) {
    if (s.segmentId !== 'CLP' || s.element !== 1) continue;
    if (!seen.has(s.start)) {
      seen.add(s.start);
      out.push(s.start);
    }
  }
  return out;
}

/** The offset where the claim area a site belongs to ends: the next LX, N1, PLB or SE, or CLP. */
function claimHolding(site: Site, sites: readonly Site[], clps: readonly number[]): number | undefined {
  const before = clps.filter((o) => o <= site.start);
  if (before.length === 0) return undefined;
  const last = before[before.length - 1]!;
  // A segment that ends the claim between the CLP and the site means the site is in no claim.
  const closed = sites.some(
    (s) => s.start > last && s.start < site.start && ['LX', 'N1', 'PLB'].includes(s.segmentId),
  );
  return closed ? undefined : before.length - 1;
}

describe('x12/parse-835', () => {
  describe('parse835 (one element damaged at random)', () => {
    it('keeps every other claim unchanged and never posts a damaged claim that changed', () => {
      // Prepare
      const cases = files.map((f) => {
        const sites = sitesOf(f.text);
        const claims = parse835(f.text).interchanges.flatMap((ic) =>
          ic.transactions.flatMap((t) => t.claims),
        );
        return { ...f, sites, clps: clpOffsets(sites), claims };
      });
      for (const c of cases) expect(c.clps, c.name).toHaveLength(c.claims.length);
      fc.assert(
        fc.property(fc.constantFrom(...cases), fc.nat(), fc.constantFrom(...JUNK), (c, pick, junk) => {
          const site = c.sites[pick % c.sites.length]!;
          const damaged = c.text.slice(0, site.start) + junk + c.text.slice(site.end);
          // Act
          const result = parse835(damaged);
          const remittances = result.interchanges.flatMap((ic) => ic.transactions);
          const claims = remittances.flatMap((t) => t.claims);
          // Assess
          expect(claims).toHaveLength(c.claims.length);
          const holder = claimHolding(site, c.sites, c.clps);
          claims.forEach((claim, i) => {
            if (i !== holder)
              expect(claim, `${c.name} ${site.segmentId}${site.element}=${junk}`).toEqual(c.claims[i]);
          });
          if (holder !== undefined && claims[holder]!.review) {
            const posted = postRemittances({ claims: [], invoices: [] }, remittances, {
              asOf: '2026-11-23',
              config: DEFAULT_CLAIM_DEADLINES,
            });
            const control = remittances.find((t) => t.claims.includes(claims[holder]!))!.controlNumber;
            const at = (r: { segment?: number; claimSegment?: number }) =>
              (r.segment ?? r.claimSegment) === claims[holder]!.segment;
            expect(posted.unmatched.some((u) => u.controlNumber === control && at(u))).toBe(false);
            expect(posted.needsReview.some((r) => r.transactionControl === control && at(r))).toBe(true);
          }
        }),
        { numRuns: 1500 },
      );
    });
  });
});
