// Where a debtor is: candidate time zones and the contact-rule set, derived from the Time Zone cell, the postal address and the phone number.
import { addDays, isValidTimeZone, localTime, zonedInstant } from '../ledger/dates.js';
import type { ContactPreset } from '../ledger/ledger.js';
import {
  areaCodesByRegion,
  areaCodeZones,
  type Country,
  callingCodes,
  canadaPostalLetters,
  countries,
  nycPlaceNames,
  nycZipRanges,
  provinces,
  type Region,
  regionZones,
  stateNames,
  usMainlandZones,
  zip3Ranges,
  zip3Zones,
} from './places.js';

/** What a postal address says about where the debtor lives. */
export interface AddressPlace {
  /** ISO 3166 alpha-2 country, when the address names or implies one. */
  country?: string;
  /** US state (`MA`) or Canadian province (`CA-ON`). */
  region?: Region;
  /** Five-digit US ZIP, when present. */
  zip?: string;
  /** The New York City borough, when the address is in one. */
  nycBorough?: string;
  /** Candidate zones (empty: the address says nothing usable). */
  zones: string[];
  /** How it was read, e.g. `ZIP 02108 is in MA`. */
  reason: string;
}

/** What a phone number says about where the debtor is. */
export interface PhonePlace {
  /** NANP area code or country calling code. */
  code?: string;
  region?: Region;
  zones: string[];
  reason: string;
}

const zip3Region = (zip3: number): Region | undefined => {
  const ranges = zip3Ranges();
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [first, last, region] = ranges[mid]!;
    if (zip3 < first) hi = mid - 1;
    else if (zip3 > last) lo = mid + 1;
    else return region;
  }
  return undefined;
};

const zip3Zone = (zip3: number): string | undefined => {
  for (const [first, last, zone] of zip3Zones()) if (zip3 >= first && zip3 <= last) return zone;
  return undefined;
};

const nycBoroughOf = (zip: number): string | undefined => {
  for (const [first, last, borough] of nycZipRanges()) if (zip >= first && zip <= last) return borough;
  return undefined;
};

let countryNames: Map<string, Country> | undefined;
/** Countries by each of their names, built on first read. */
function countryByName(): Map<string, Country> {
  if (countryNames) return countryNames;
  countryNames = new Map();
  for (const c of countries()) for (const n of c.names) countryNames.set(n, c);
  return countryNames;
}

const US_ZIP = /\b(\d{5})(?:-\d{4})?\b/g;
const CA_POSTAL = /\b([ABCEGHJ-NPRSTVXY])\d[ABCEGHJ-NPRSTV-Z][ -]?\d[ABCEGHJ-NPRSTV-Z]\d\b/i;

let usZoneSet: ReadonlySet<string> | undefined;
/** Zones of US states and territories: an office in one of them is presumed to collect from US debtors. */
function usZones(): ReadonlySet<string> {
  usZoneSet ??= new Set(
    Object.entries(regionZones())
      .filter(([region]) => !region.startsWith('CA-'))
      .flatMap(([, zones]) => zones),
  );
  return usZoneSet;
}

const zonesOfRegion = (region: Region): string[] => [...(regionZones()[region] ?? [])];

/**
 * Reads a free-text postal address: a trailing country name, a US ZIP (its 3-digit prefix gives the
 * state, and in split states the zone), a state code or name, a Canadian postal code or province.
 * New York City is recognised by ZIP (five boroughs) or, without a ZIP, by the city's name.
 *
 * @example placeOfAddress('1 Beacon St, Boston, MA 02108').region // 'MA'
 */
export function placeOfAddress(address: string | undefined): AddressPlace {
  if (!address || address.trim() === '') return { zones: [], reason: 'no address' };
  const segments = address
    .split(/[,\n;]+/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  let country: Country | undefined;
  const last = segments[segments.length - 1]?.toLowerCase().replace(/\s+/g, ' ');
  if (last !== undefined && segments.length > 1) {
    country = countryByName().get(last);
    if (country) segments.pop();
  }
  if (country && country.code !== 'US' && country.code !== 'CA') {
    return { country: country.code, zones: [...country.zones], reason: `the address is in ${last}` };
  }
  // The street line often starts with a number that looks like a ZIP: read ZIPs after it.
  const tail = segments.length > 1 ? segments.slice(1).join(', ') : (segments[0] ?? '');
  if (country?.code !== 'US') {
    const postal = CA_POSTAL.exec(tail);
    if (postal || country?.code === 'CA') {
      let region = postal ? canadaPostalLetters()[postal[1]!.toUpperCase()] : undefined;
      if (!region) region = provinceIn(segments);
      if (region) {
        return {
          country: 'CA',
          region,
          zones: zonesOfRegion(region),
          reason: postal
            ? `postal code ${postal[0].toUpperCase()} is in ${region}`
            : `the address is in ${region}`,
        };
      }
      return {
        country: 'CA',
        zones: [
          'America/Toronto',
          'America/Vancouver',
          'America/Halifax',
          'America/Winnipeg',
          'America/Edmonton',
        ],
        reason: 'the address is in Canada (province unknown)',
      };
    }
  }
  let zip: string | undefined;
  for (const m of tail.matchAll(US_ZIP)) zip = m[1];
  const city = cityOf(segments);
  if (zip) {
    const zip3 = Number(zip.slice(0, 3));
    const region = zip3Region(zip3);
    if (region) {
      const exact = zip3Zone(zip3);
      const borough = region === 'NY' ? nycBoroughOf(Number(zip)) : undefined;
      return {
        country: 'US',
        region,
        zip,
        nycBorough: borough,
        zones: exact ? [exact] : zonesOfRegion(region),
        reason: borough ? `ZIP ${zip} is in ${borough}, New York City` : `ZIP ${zip} is in ${region}`,
      };
    }
  }
  const state = stateIn(segments);
  if (state) {
    const borough =
      state === 'NY' && city !== undefined && nycPlaceNames().includes(city) ? titleCase(city) : undefined;
    return {
      country: 'US',
      region: state,
      nycBorough: borough,
      zones: zonesOfRegion(state),
      reason: borough ? `the address is in ${borough}, New York City` : `the address is in ${state}`,
    };
  }
  if (country?.code === 'US') {
    return {
      country: 'US',
      zones: [...usMainlandZones()],
      reason: 'the address is in the US (state unknown)',
    };
  }
  return { zones: [], reason: 'the address names no known state, province or country' };
}

const titleCase = (s: string) => s.replace(/\b\w/g, (c) => c.toUpperCase());

/** The city segment: the one before the segment holding the state, lower-cased. */
function cityOf(segments: readonly string[]): string | undefined {
  for (let i = segments.length - 1; i > 0; i--) {
    const tokens = segments[i]!.split(/\s+/);
    if (tokens.some((t) => t.length === 2 && regionZones()[t.toUpperCase()] && t === t.toUpperCase())) {
      return segments[i - 1]!.toLowerCase();
    }
    if (stateNames()[segments[i]!.toLowerCase().replace(/\s*\d.*$/, '')])
      return segments[i - 1]!.toLowerCase();
  }
  return undefined;
}

/** A US state code (upper case, as written on envelopes) or full name in a segment after the street line. */
function stateIn(segments: readonly string[]): Region | undefined {
  for (let i = segments.length - 1; i >= (segments.length > 1 ? 1 : 0); i--) {
    const seg = segments[i]!;
    const name = stateNames()[seg.toLowerCase().replace(/\s*\d.*$/, '')];
    if (name) return name;
    const tokens = seg.split(/\s+/);
    for (let t = tokens.length - 1; t >= 0; t--) {
      const tok = tokens[t]!.replace(/\.$/, '');
      if (tok.length === 2 && tok === tok.toUpperCase() && regionZones()[tok] && !tok.startsWith('CA-'))
        return tok;
    }
  }
  return undefined;
}

function provinceIn(segments: readonly string[]): Region | undefined {
  for (let i = segments.length - 1; i >= 0; i--) {
    const seg = segments[i]!;
    const byName = provinces()[seg.toLowerCase().replace(/\s*[a-z]\d[a-z].*$/i, '')];
    if (byName) return byName;
    for (const tok of seg.split(/\s+/)) if (provinces()[tok]) return provinces()[tok];
  }
  return undefined;
}

let areaIndex: Map<string, { region: Region; zone?: string }> | undefined;
function areaCodes(): Map<string, { region: Region; zone?: string }> {
  if (areaIndex) return areaIndex;
  const exact = new Map<string, string>();
  for (const [zone, codes] of Object.entries(areaCodeZones()))
    for (const c of codes.split(' ')) exact.set(c, zone);
  areaIndex = new Map();
  for (const [region, codes] of Object.entries(areaCodesByRegion())) {
    for (const c of codes.split(' ')) areaIndex.set(c, { region, zone: exact.get(c) });
  }
  return areaIndex;
}

/**
 * Reads a phone number: a NANP number (10 digits, or `+1`/`1` and 10 digits) gives its area code's
 * state or province; an international number (`+44 ...`, `011 44 ...`) gives its country. Text after
 * `x` or `ext` is an extension and ignored.
 *
 * @example placeOfPhone('(213) 555-0100').zones // ['America/Los_Angeles']
 */
export function placeOfPhone(phone: string | undefined): PhonePlace {
  if (!phone || phone.trim() === '') return { zones: [], reason: 'no phone number' };
  const main = phone.split(/\s*(?:x|ext\.?|extension)\s*\d/i)[0]!.trim();
  let digits = main.replace(/\D/g, '');
  let international = main.startsWith('+');
  if (!international && digits.startsWith('011')) {
    international = true;
    digits = digits.slice(3);
  }
  let national: string | undefined;
  if (international) {
    if (digits.startsWith('1') && digits.length === 11) national = digits.slice(1);
    else {
      for (const len of [3, 2, 1]) {
        const cc = digits.slice(0, len);
        const zones = callingCodes()[cc];
        if (zones)
          return { code: `+${cc}`, zones: [...zones], reason: `the phone number's country code is +${cc}` };
      }
      return { zones: [], reason: `the phone number's country code is not in the table` };
    }
  } else if (digits.length === 10) national = digits;
  else if (digits.length === 11 && digits.startsWith('1')) national = digits.slice(1);
  if (!national) return { zones: [], reason: 'the phone number is not a NANP or international number' };
  const area = national.slice(0, 3);
  const hit = areaCodes().get(area);
  if (!hit)
    return { code: area, zones: [], reason: `area code ${area} is not geographic or not in the table` };
  return {
    code: area,
    region: hit.region,
    zones: hit.zone ? [hit.zone] : zonesOfRegion(hit.region),
    reason: `area code ${area} is in ${hit.region}`,
  };
}

/** The zones a debtor may be in, and why. */
export interface ContactZones {
  /** Candidate IANA zones; a contact must fall inside the window in every one. */
  zones: string[];
  /** False when nothing said where the debtor is (then the zones are the office's and the US mainland's). */
  known: boolean;
  /** Where the zones came from: `time-zone` cell, `address`/`phone`, or `unknown`. */
  source: 'time-zone' | 'derived' | 'unknown';
  /** One plain sentence. */
  reason: string;
}

/**
 * The time zones a debtor may be in. An explicit Time Zone cell wins. Otherwise the postal address
 * and the phone number each give candidate zones; when they disagree every candidate is kept, and a
 * contact must be convenient in all of them (Reg F commentary 1006.6(b)(1)(i)-2: with conflicting
 * information a collector may call only when it is convenient in every location). When nothing is
 * known, the office's zone and every US mainland zone are the candidates, which narrows the window
 * to hours convenient everywhere (11:00-21:00 Eastern = 08:00-18:00 Pacific in winter).
 *
 * @example contactZones({ address: '5 Main St, Los Angeles, CA 90012', phone: '213-555-0100' }, 'America/New_York').zones
 * // ['America/Los_Angeles']
 */
export function contactZones(
  customer: { timeZone?: string; address?: string; phone?: string },
  officeZone: string,
  place?: AddressPlace,
): ContactZones {
  if (customer.timeZone && isValidTimeZone(customer.timeZone)) {
    return {
      zones: [customer.timeZone],
      known: true,
      source: 'time-zone',
      reason: `the Time Zone column says ${customer.timeZone}`,
    };
  }
  const byAddress = place ?? placeOfAddress(customer.address);
  const byPhone = placeOfPhone(customer.phone);
  const zones = [...new Set([...byAddress.zones, ...byPhone.zones])];
  if (zones.length === 0) {
    if (!usZones().has(officeZone)) {
      return {
        zones: [officeZone],
        known: false,
        source: 'unknown',
        reason: `nothing says where the debtor is (${byAddress.reason}; ${byPhone.reason}): the office's zone ${officeZone}`,
      };
    }
    return {
      zones: [...new Set([officeZone, ...usMainlandZones()])],
      known: false,
      source: 'unknown',
      reason: `nothing says where the debtor is (${byAddress.reason}; ${byPhone.reason}): only hours convenient in the office's zone and every US mainland zone`,
    };
  }
  const parts: string[] = [];
  if (byAddress.zones.length > 0) parts.push(byAddress.reason);
  if (byPhone.zones.length > 0) parts.push(byPhone.reason);
  const disagree =
    byAddress.zones.length > 0 &&
    byPhone.zones.length > 0 &&
    zones.length > Math.min(byAddress.zones.length, byPhone.zones.length);
  return {
    zones,
    known: true,
    source: 'derived',
    reason: `${parts.join(' and ')}${zones.length > 1 ? `: only hours convenient in ${zones.join(', ')}${disagree ? ' (they disagree)' : ''}` : ''}`,
  };
}

/** Local hours during which a debtor may be contacted: from `startHour`:00 up to (not at) `endHour`:00. */
export interface HourWindow {
  startHour: number;
  endHour: number;
}

/** The answer of {@link windowInAllZones}. */
export interface ZonesWindow {
  /** True if `now` itself is inside the window in every zone. */
  inWindow: boolean;
  /** Epoch ms: `now` when inside, else the next instant inside in every zone; `undefined` if none within 7 days. */
  notBefore?: number;
  /** `notBefore` on each zone's wall clock, e.g. `2026-11-23 11:00 America/New_York / 08:00 America/Los_Angeles`. */
  localText: string;
  /** One plain sentence. */
  reason: string;
}

const pad2 = (n: number) => String(n).padStart(2, '0');

function insideAll(t: number, zones: readonly string[], w: HourWindow): boolean {
  for (const z of zones) {
    const h = localTime(t, z).hour;
    if (h < w.startHour || h >= w.endHour) return false;
  }
  return true;
}

function wallText(t: number, zones: readonly string[]): string {
  return zones
    .map((z, i) => {
      const l = localTime(t, z);
      return `${i === 0 ? `${l.date} ` : ''}${pad2(l.hour)}:${pad2(l.minute)} ${z}`;
    })
    .join(' / ');
}

/**
 * Whether the instant `now` is inside the contact window (default 08:00-21:00 local) in every
 * candidate zone, or else the next instant that is. Pure: the caller passes the instant. The
 * earliest instant inside all windows is `now` or the moment one zone's window opens, so only
 * those are tried, over the next 7 days.
 *
 * @example windowInAllZones(Date.parse('2026-11-23T14:00:00Z'), ['America/New_York', 'America/Los_Angeles'])
 * // { inWindow: false, notBefore: Date.parse('2026-11-23T16:00:00Z'), ... } (11:00 New York = 08:00 Los Angeles)
 */
export function windowInAllZones(
  now: number,
  zones: readonly string[],
  window: HourWindow = { startHour: 8, endHour: 21 },
): ZonesWindow {
  if (zones.length === 0) throw new RangeError('windowInAllZones needs at least one zone');
  if (insideAll(now, zones, window)) {
    return {
      inWindow: true,
      notBefore: now,
      localText: wallText(now, zones),
      reason: 'inside the contact window',
    };
  }
  const candidates: number[] = [];
  for (const z of zones) {
    const today = localTime(now, z).date;
    for (let d = 0; d <= 7; d++) {
      const t = zonedInstant(addDays(today, d), window.startHour, z);
      if (t > now) candidates.push(t);
    }
  }
  candidates.sort((a, b) => a - b);
  for (const t of candidates) {
    if (insideAll(t, zones, window)) {
      return {
        inWindow: false,
        notBefore: t,
        localText: wallText(t, zones),
        reason: `outside ${pad2(window.startHour)}:00-${pad2(window.endHour)}:00 in ${zones.length > 1 ? 'one of ' : ''}${zones.join(', ')}; the window opens in ${zones.length > 1 ? 'all of them' : 'it'} at ${wallText(t, zones)}`,
      };
    }
  }
  return {
    inWindow: false,
    localText: '',
    reason: `no hour is inside ${pad2(window.startHour)}:00-${pad2(window.endHour)}:00 in all of ${zones.join(', ')}`,
  };
}

/** The contact-rule set that applies to a customer, and why. */
export interface ContactRulesChoice {
  preset: ContactPreset;
  source: 'column' | 'address' | 'default';
  reason: string;
}

/**
 * The contact-rule set for a customer: the Contact Rules cell when filled; else New York City when
 * the address is in one of the five boroughs; else Massachusetts when the address is in MA; else the
 * office's default.
 *
 * @example contactRulesFor({ address: '1 Beacon St, Boston, MA 02108' }, 'federal').preset // 'massachusetts'
 */
export function contactRulesFor(
  customer: { contactPreset?: ContactPreset; address?: string },
  defaultPreset: ContactPreset,
  place?: AddressPlace,
): ContactRulesChoice {
  if (customer.contactPreset) {
    return { preset: customer.contactPreset, source: 'column', reason: 'the Contact Rules column says so' };
  }
  const p = place ?? placeOfAddress(customer.address);
  if (p.nycBorough) return { preset: 'new-york-city', source: 'address', reason: p.reason };
  if (p.region === 'MA') return { preset: 'massachusetts', source: 'address', reason: p.reason };
  return { preset: defaultPreset, source: 'default', reason: "the office's default contact rules" };
}
