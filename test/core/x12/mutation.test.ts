// Generated mutation test for the 835 reader: every published file, with one element inside a
// transaction damaged at random, must still read, and every claim other than the one holding the
// damage must come out exactly as from the intact file; a damaged claim that changed is never posted.
import { readdirSync, readFileSync } from 'node:fs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CLAIM_DEADLINES } from '../../../core/claims/deadlines.js';
import { postRemittances } from '../../../core/claims/remittance-posting.js';
import { parse835 } from '../../../core/x12/parse-835.js';
import type { RemitClaim } from '../../../core/x12/remittance.js';
import { X12ParseError } from '../../../core/x12/x12-error.js';

const FIXTURES = new URL('../../fixtures/x12-835/', import.meta.url);

/** An element inside an ST..SE transaction (not ST or SE themselves), by its offsets in the text. */
interface Site {
  start: number;
  end: number;
  segmentId: string;
  element: number;
}

/** Element 0 (the segment id) of every segment, and every element of the envelope segments. */
interface Layout {
  /** Ids of segments inside a transaction (ST and SE excluded); `element` 0. */
  ids: Site[];
  /** Ids and elements of ISA, GS, ST, SE, GE and IEA. */
  envelope: Site[];
}

/**
 * Splits a file with an ISA into segments and elements, taking the separators from the ISA the
 * way the standard places them (the reader under test is not used), and lists every element site
 * inside a transaction.
 */
function sitesOf(text: string): Site[] {
  return scan(text).sites;
}

function layoutOf(text: string): Layout {
  const { ids, envelope } = scan(text);
  return { ids, envelope };
}

const ENVELOPE = new Set(['ISA', 'GS', 'ST', 'SE', 'GE', 'IEA']);

function scan(text: string): { sites: Site[]; ids: Site[]; envelope: Site[] } {
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
  const ids: Site[] = [];
  const envelope: Site[] = [];
  const elementsOf = (s: number, end: number, id: string, into: Site[]) => {
    let from = s + id.length;
    let n = 1;
    while (from < end && text[from] === element) {
      let to = text.indexOf(element, from + 1);
      if (to === -1 || to > end) to = end;
      let last = to;
      while (last > from + 1 && /\s/.test(text[last - 1]!)) last--;
      into.push({ start: from + 1, end: last, segmentId: id, element: n });
      from = to;
      n++;
    }
  };
  // ISA's elements are fixed width; ISA16 (the component separator) is left alone, since a
  // different one is a different (valid) file.
  {
    const isaEnd = at + 1;
    elementsOf(isa, isaEnd, 'ISA', envelope);
    envelope.pop();
    envelope.push({ start: isa, end: isa + 3, segmentId: 'ISA', element: 0 });
  }
  let inTransaction = false;
  while (pos < text.length) {
    let end = text.indexOf(terminator, pos);
    if (end === -1) end = text.length;
    let s = pos;
    while (s < end && /\s/.test(text[s]!)) s++;
    const segment = text.slice(s, end);
    const id = segment.split(element)[0]!.trim();
    if (ENVELOPE.has(id) && id !== 'ISA') {
      envelope.push({ start: s, end: s + id.length, segmentId: id, element: 0 });
      elementsOf(s, end, id, envelope);
    } else if (inTransaction && id !== '')
      ids.push({ start: s, end: s + id.length, segmentId: id, element: 0 });
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
  return { sites, ids, envelope };
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

  describe('parse835 (one segment id damaged at random)', () => {
    it('never posts a changed claim, keeps the others, and keeps every claim when the id is a typo', () => {
      // Prepare
      const cases = files.map((f) => {
        const layout = layoutOf(f.text);
        const claims = parse835(f.text).interchanges.flatMap((ic) =>
          ic.transactions.flatMap((t) => t.claims),
        );
        return { ...f, layout, claims };
      });
      fc.assert(
        fc.property(
          fc.constantFrom(...cases),
          fc.nat(),
          fc.constantFrom('typo', 'ZZ9', 'QQ', 'X', ''),
          (c, pick, kind) => {
            const site = c.layout.ids[pick % c.layout.ids.length]!;
            // A typo keeps the first two letters (`CLX` for CLP, `PLXX` for PLB), as the files do.
            const junk =
              kind === 'typo'
                ? `${site.segmentId.slice(0, 2)}X${site.segmentId.length > 2 ? '' : 'X'}`
                : kind;
            const damaged = c.text.slice(0, site.start) + junk + c.text.slice(site.end);
            const label = `${c.name} ${site.segmentId}->${junk}`;
            // Act
            const result = parse835(damaged);
            const remittances = result.interchanges.flatMap((ic) => ic.transactions);
            const claims = remittances.flatMap((t) => t.claims);
            // Assess: every claim not flagged is one of the file's, in order, unchanged.
            let next = 0;
            for (const claim of claims) {
              if (claim.review) continue;
              while (next < c.claims.length && JSON.stringify(c.claims[next]) !== JSON.stringify(claim))
                next++;
              expect(next, `${label}: ${claim.patientControlNumber} changed without a flag`).toBeLessThan(
                c.claims.length,
              );
              next++;
            }
            // At most the claim holding the segment and, for a lost CLP, the one it fell into differ.
            const unflagged = claims.filter((cl) => !cl.review).length;
            expect(unflagged, label).toBeGreaterThanOrEqual(c.claims.length - 2);
            if (kind === 'typo') expect(claims, label).toHaveLength(c.claims.length);
            // Nothing flagged is posted.
            const posted = postRemittances({ claims: [], invoices: [] }, remittances, {
              asOf: '2026-11-23',
              config: DEFAULT_CLAIM_DEADLINES,
            });
            const flagged = claims.filter((cl) => cl.review).length;
            expect(
              posted.needsReview.filter((r) => r.scope === 'claim'),
              label,
            ).toHaveLength(flagged);
            expect(posted.unmatched.length + flagged, label).toBe(claims.length);
            expect(posted.claimUpdates, label).toEqual([]);
          },
        ),
        { numRuns: 1000 },
      );
    });
  });

  describe('parse835 (envelope damaged at random)', () => {
    it('reads every claim unchanged, or refuses the file naming the segment only when ISA, ST01 or the GS id is damaged', () => {
      // Prepare
      const cases = files.map((f) => {
        const layout = layoutOf(f.text);
        const claims = parse835(f.text).interchanges.flatMap((ic) =>
          ic.transactions.flatMap((t) => t.claims),
        );
        return { ...f, layout, claims };
      });
      fc.assert(
        fc.property(
          fc.constantFrom(...cases),
          fc.nat(),
          fc.constantFrom(...JUNK, 'XE', 'QQ'),
          (c, pick, junk) => {
            const site = c.layout.envelope[pick % c.layout.envelope.length]!;
            const damaged = c.text.slice(0, site.start) + junk + c.text.slice(site.end);
            const label = `${c.name} ${site.segmentId}${String(site.element).padStart(2, '0')}=${JSON.stringify(junk)}`;
            // Act
            let result: ReturnType<typeof parse835>;
            try {
              result = parse835(damaged);
            } catch (e) {
              // Assess: a refusal is a clean one naming its segment, and only where the damage leaves
              // no way to read on: the ISA (it declares the separators) or ST01 (not an 835).
              expect(e, label).toBeInstanceOf(X12ParseError);
              expect((e as X12ParseError).message, label).toMatch(/^(interchange \d+, )?segment \d+ \(/);
              // Also a GS id turned into punctuation: after a line break following ISA16, a line that
              // starts with punctuation is how a file says that character is its terminator.
              expect(
                site.segmentId === 'ISA' ||
                  (site.segmentId === 'ST' && site.element === 1) ||
                  (site.segmentId === 'GS' && site.element === 0 && !/^[A-Za-z0-9]/.test(junk)),
                `${label} refused: ${(e as Error).message}`,
              ).toBe(true);
              return;
            }
            const claims = result.interchanges.flatMap((ic) => ic.transactions.flatMap((t) => t.claims));
            // Assess: the claims are all there; only an SE whose id is lost may flag the last claim.
            expect(claims, label).toHaveLength(c.claims.length);
            // A flag's text names its transaction's ST02, which an ST02 or SE02 damage may change.
            const same = (claim: RemitClaim) => ({
              ...claim,
              review: claim.review?.map(({ code, element, segment, segmentId }) => ({
                code,
                element,
                segment,
                segmentId,
              })),
            });
            claims.forEach((claim, i) => {
              if (claim.review && site.segmentId === 'SE' && site.element === 0) return;
              expect(same(claim), label).toEqual(same(c.claims[i]!));
            });
          },
        ),
        { numRuns: 1000 },
      );
    });
  });
});
