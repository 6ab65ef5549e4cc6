// The demo ledger's story: a few dozen accounts as a collections clerk would find them on 2026-11-23,
// drawn from a seeded PRNG, so every run writes the same records.
import { addDays, addMonths, type IsoDate, toDay } from '../core/ledger/dates.js';
import { type CustomerRec, LedgerBuilder } from './demo-builder.js';
import { mulberry32 } from './seeded-random.js';

/** The day the demo ledger's story stands at. */
export const DEMO_AS_OF: IsoDate = '2026-11-23';
const SEED = 20_261_123;

/** Stage names written on past dunning contacts (Activity > Stage). */
const STAGE = {
  courtesy: 'courtesy',
  first: 'reminder-1',
  second: 'reminder-15',
  third: 'reminder-30',
  fourth: 'reminder-60',
  final: 'final-demand',
} as const;

const US_ZONES = ['America/New_York', 'America/Chicago', 'America/Los_Angeles'] as const;
const CITIES: Record<(typeof US_ZONES)[number], readonly string[]> = {
  'America/New_York': [
    'Albany, NY 12207',
    'Hartford, CT 06103',
    'Philadelphia, PA 19103',
    'Atlanta, GA 30303',
  ],
  'America/Chicago': ['Chicago, IL 60607', 'Milwaukee, WI 53202', 'Austin, TX 78701', 'St. Louis, MO 63101'],
  'America/Los_Angeles': [
    'Sacramento, CA 95814',
    'Portland, OR 97204',
    'Seattle, WA 98104',
    'San Diego, CA 92101',
  ],
};
const ROUTINE_NAMES = [
  'Copperleaf Architecture',
  'Northwind Office Supply',
  'Redfern Veterinary Hospital',
  'Silverline HVAC Services',
  'Juniper Yoga Studio',
  'Granite Peak Outfitters',
] as const;
const STREETS = [
  'Main St',
  'Oak Ave',
  'Commerce Dr',
  'Market St',
  'Lakeview Blvd',
  'Industrial Pkwy',
] as const;

/** The demo story: a few dozen accounts as a collections clerk would find them on 2026-11-23. */
export function buildDemo(): LedgerBuilder {
  const rnd = mulberry32(SEED);
  const int = (min: number, max: number) => min + Math.floor(rnd() * (max - min + 1));
  const pick = <T>(items: readonly T[]): T => items[int(0, items.length - 1)]!;
  /** A plausible invoice amount in whole dollars plus cents, in minor units. */
  const amount = (minMajor: number, maxMajor: number) =>
    int(minMajor, maxMajor) * 100 + pick([0, 0, 0, 50, 25, 75, int(1, 99)]);
  const b = new LedgerBuilder();
  const monthly = (
    c: CustomerRec,
    first: IsoDate,
    count: number,
    minMajor: number,
    maxMajor: number,
    terms = 30,
  ) =>
    Array.from({ length: count }, (_, k) =>
      b.invoice(c, addMonths(first, k), amount(minMajor, maxMajor), { terms }),
    );

  // A dental office, pays late and partly; an ordinary overdue account with reminders on file.
  const harbor = b.customer({
    name: 'Harbor Dental Group',
    email: 'harbordental@example.com',
    phone: '+1 212-555-0142',
    address: '118 Harbor View Rd, Stamford, CT 06902',
    timeZone: 'America/New_York',
  });
  const [h1, h2, h3, h4] = monthly(harbor, '2026-06-01', 6, 1_600, 2_100);
  b.pay(harbor, '2026-07-06', h1!.amountMinor, { method: 'check', reference: '10233' });
  b.pay(harbor, '2026-08-10', h2!.amountMinor, { method: 'check', reference: '10291' });
  b.pay(harbor, '2026-09-18', 100_000, { appliesTo: [h3!], method: 'check', reference: '10344' });
  b.contact(harbor, addDays(h3!.dueDate, 1), 'email', { stage: STAGE.first });
  b.contact(harbor, addDays(h3!.dueDate, 15), 'email', { stage: STAGE.second });
  b.contact(harbor, addDays(h4!.dueDate, 15), 'email', { stage: STAGE.second });
  b.contact(harbor, '2026-11-12', 'call', { stage: STAGE.third, outcome: 'left voicemail', by: 'Dana (AR)' });

  // A bakery whose check bounced (NSF): the payment is returned and a returned-payment fee charged.
  const maple = b.customer({
    name: 'Maple Street Bakery',
    email: 'maplestreetbakery@example.com',
    phone: '+1 312-555-0187',
    address: '2209 W Maple St, Chicago, IL 60612',
    timeZone: 'America/Chicago',
  });
  const m1 = b.invoice(maple, '2026-08-03', 240_000);
  b.invoice(maple, '2026-09-01', 240_000);
  b.invoice(maple, '2026-10-01', 240_000);
  b.pay(maple, '2026-09-28', 240_000, {
    appliesTo: [m1],
    method: 'check',
    reference: '4411',
    returnedDate: '2026-10-02',
  });
  b.adjust(maple, '2026-10-02', 'returned-payment-fee', 3_500, {
    invoice: m1,
    policy: 'returned-payment-fee/v1',
    note: 'Check 4411 returned NSF',
  });
  b.pay(maple, '2026-10-20', 120_000, { method: 'ACH', reference: 'ACH-77120' });
  b.contact(maple, '2026-10-02', 'call', {
    stage: 'returned-payment',
    outcome: 'owner will send ACH',
    by: 'Dana (AR)',
  });
  b.contact(maple, '2026-11-02', 'email', { stage: STAGE.second });

  // Overpaid by a rounding-up check: the surplus stays as unapplied credit.
  const brightline = b.customer({
    name: 'Brightline Logistics',
    email: 'ap.brightline@example.com',
    phone: '+1 213-555-0110',
    address: '900 Alameda St, Los Angeles, CA 90021',
    timeZone: 'America/Los_Angeles',
  });
  const bl1 = b.invoice(brightline, '2026-08-05', 392_040);
  const bl2 = b.invoice(brightline, '2026-10-05', 468_760);
  b.invoice(brightline, '2026-11-10', 320_000);
  b.pay(brightline, '2026-09-03', 392_040, { appliesTo: [bl1], method: 'ACH', reference: 'BL-5521' });
  b.pay(brightline, '2026-11-02', 500_000, { appliesTo: [bl2], method: 'wire', reference: 'BL-5607' });

  // One invoice in dispute (work not finished), the other simply overdue.
  const ortega = b.customer({
    name: 'Ortega Landscaping',
    email: 'ortega.landscaping@example.com',
    phone: '+1 512-555-0163',
    address: '41 Ranch Rd, Austin, TX 78745',
    timeZone: 'America/Chicago',
  });
  b.invoice(ortega, '2026-07-15', 390_000, {
    status: 'disputed',
    description: 'Back lot regrading (customer says unfinished)',
  });
  b.invoice(ortega, '2026-09-10', 125_000, { description: 'Irrigation repair' });
  b.contact(ortega, '2026-08-20', 'call', {
    direction: 'inbound',
    outcome: 'disputes invoice: back lot not finished',
    by: 'Dana (AR)',
  });

  // The whole account is in dispute.
  const kessler = b.customer({
    name: 'Kessler Fabrication',
    email: 'kessler.fab@example.com',
    phone: '+1 414-555-0129',
    address: '77 Foundry Ln, Milwaukee, WI 53204',
    timeZone: 'America/Chicago',
    flags: 'dispute',
  });
  monthly(kessler, '2026-07-01', 3, 2_800, 4_200);
  b.contact(kessler, '2026-09-14', 'letter', {
    direction: 'inbound',
    note: 'Disputes all steel invoices: "wrong gauge delivered"',
  });

  // A patient who has died; the estate is handled by hand, never dunned.
  const hollis = b.customer({
    name: 'Estate of Margaret Hollis',
    address: 'c/o R. Hollis, 15 Birch Ct, Albany, NY 12203',
    timeZone: 'America/New_York',
    flags: 'deceased',
  });
  b.invoice(hollis, '2026-06-18', 64_500, {
    description: 'Patient balance after insurance, visit 2026-05-28',
  });
  b.contact(hollis, '2026-09-02', 'note', {
    direction: 'inbound',
    note: 'Son called: patient passed away 2026-08-21; send claim to estate',
  });

  // In Chapter 11: the automatic stay stops collection.
  const pioneer = b.customer({
    name: 'Pioneer Print Works LLC',
    email: 'pioneerprint@example.com',
    phone: '+1 314-555-0150',
    address: '1200 Washington Ave, St. Louis, MO 63103',
    timeZone: 'America/Chicago',
    flags: 'bankruptcy',
  });
  monthly(pioneer, '2026-06-10', 3, 900, 2_500);
  b.contact(pioneer, '2026-09-25', 'note', {
    direction: 'inbound',
    note: 'Notice of Chapter 11 filing received; case 26-10442',
  });

  // A patient represented by an attorney: talk to the attorney only.
  const reyes = b.customer({
    name: 'Daniel Reyes',
    email: 'daniel.reyes@example.org',
    phone: '+1 619-555-0171',
    address: '3021 Park Blvd, San Diego, CA 92103',
    timeZone: 'America/Los_Angeles',
    flags: 'attorney',
    attorneyName: 'Marisol Ortega, Ortega Legal Aid',
    attorneyContact: '+1 619-555-0108, 1400 6th Ave, San Diego, CA 92101',
  });
  b.invoice(reyes, '2026-07-08', 182_000, {
    description: 'Patient balance after insurance, visit 2026-06-16',
  });
  b.contact(reyes, '2026-09-30', 'letter', {
    direction: 'inbound',
    note: 'Letter from Pratt & Lowe LLP: represents Mr. Reyes; direct contact to counsel',
  });

  // Asked in writing to stop all contact.
  const park = b.customer({
    name: 'Linda Park',
    email: 'linda.park@example.org',
    phone: '+1 206-555-0118',
    address: '88 Pine St\nApt 4B\nSeattle, WA 98101',
    timeZone: 'America/Los_Angeles',
    flags: 'cease-contact',
  });
  b.invoice(park, '2026-07-20', 47_500, { description: 'Patient balance after insurance, visit 2026-07-02' });
  b.contact(park, addDays('2026-08-19', 1), 'email', { stage: STAGE.first });
  b.contact(park, '2026-10-28', 'letter', {
    direction: 'inbound',
    note: 'Written request to cease contact received',
  });

  // Opted out of email; letters and calls are still possible.
  const greenway = b.customer({
    name: 'Greenway Florists',
    email: 'greenway.florists@example.com',
    phone: '+1 503-555-0133',
    address: '610 NW 23rd Ave, Portland, OR 97210',
    timeZone: 'America/Los_Angeles',
    flags: 'opted-out',
  });
  const [g1] = monthly(greenway, '2026-08-15', 3, 400, 900);
  b.pay(greenway, '2026-09-20', g1!.amountMinor, { method: 'card', reference: 'visa-4417' });
  b.contact(greenway, '2026-10-16', 'email', { stage: STAGE.first, outcome: 'unsubscribed' });

  // The email address bounced: suppressed until someone finds a new one.
  const summit = b.customer({
    name: 'Summit Roofing Co.',
    email: 'summit.roofing@example.com',
    phone: '+1 404-555-0191',
    address: '5 Peachtree Ind Blvd, Atlanta, GA 30341',
    timeZone: 'America/New_York',
    flags: 'email-suppressed',
  });
  monthly(summit, '2026-08-20', 2, 2_000, 3_500);
  b.contact(summit, '2026-10-20', 'email', {
    stage: STAGE.first,
    outcome: 'bounced: mailbox does not exist',
  });

  // Promised to pay by next week: dunning pauses until then.
  const nguyen = b.customer({
    name: 'Nguyen Family Dental',
    email: 'nguyenfamilydental@example.com',
    phone: '+1 215-555-0102',
    address: '1500 Walnut St, Suite 300, Philadelphia, PA 19102',
    timeZone: 'America/New_York',
  });
  monthly(nguyen, '2026-08-25', 3, 1_200, 1_900);
  b.contact(nguyen, '2026-11-10', 'email', { stage: STAGE.third });
  b.contact(nguyen, '2026-11-18', 'call', {
    outcome: 'promised 1,500.00 by 2026-11-30',
    by: 'Dana (AR)',
  });
  b.promise(nguyen, '2026-11-18', '2026-11-30', 150_000, 'Office manager, by ACH');

  // Promised and paid on time.
  const bluebird = b.customer({
    name: 'Bluebird Café',
    email: 'bluebird.cafe@example.com',
    phone: '+1 773-555-0176',
    address: '3300 N Clark St, Chicago, IL 60657',
    timeZone: 'America/Chicago',
  });
  const bb1 = b.invoice(bluebird, '2026-08-01', 80_000);
  b.invoice(bluebird, '2026-11-01', 76_550);
  b.contact(bluebird, '2026-10-05', 'call', {
    stage: STAGE.third,
    outcome: 'promised 800.00 by 2026-10-15',
    by: 'Sam (AR)',
  });
  b.promise(bluebird, '2026-10-05', '2026-10-15', 80_000);
  b.pay(bluebird, '2026-10-14', 80_000, { appliesTo: [bb1], method: 'card', reference: 'mc-2231' });

  // Promised and did not pay.
  const carter = b.customer({
    name: 'Carter Electric',
    email: 'carter.electric@example.com',
    phone: '+1 916-555-0124',
    address: '45 J St, Sacramento, CA 95814',
    timeZone: 'America/Los_Angeles',
  });
  monthly(carter, '2026-07-12', 3, 1_500, 2_600);
  b.contact(carter, '2026-10-26', 'call', {
    stage: STAGE.third,
    outcome: 'promised 2,000.00 by 2026-11-06',
    by: 'Sam (AR)',
  });
  b.promise(carter, '2026-10-26', '2026-11-06', 200_000);
  b.contact(carter, '2026-11-09', 'email', {
    stage: 'broken-promise',
    note: 'Promise of 2026-11-06 not kept',
  });

  // A patient on a payment plan, every installment on time.
  const whitfield = b.customer({
    name: 'Thomas Whitfield',
    email: 'thomas.whitfield@example.org',
    phone: '+1 860-555-0148',
    address: '22 Asylum Hill Rd, Hartford, CT 06105',
    timeZone: 'America/New_York',
  });
  b.invoice(whitfield, '2026-06-20', 240_000, {
    description: 'Patient balance after insurance, visit 2026-06-03',
  });
  b.plan(whitfield, '2026-08-15', 240_000, 6, { note: 'Agreed by phone 2026-08-04' });
  for (const d of ['2026-08-15', '2026-09-15', '2026-10-15', '2026-11-13'])
    b.pay(whitfield, d, 40_000, { method: 'card', reference: 'plan' });

  // A plan that stopped after two installments: broken, back into dunning.
  const riverside = b.customer({
    name: 'Riverside Auto Body',
    email: 'riverside.autobody@example.com',
    phone: '+1 626-555-0181',
    address: '700 Riverside Dr, Burbank, CA 91506',
    timeZone: 'America/Los_Angeles',
  });
  b.invoice(riverside, '2026-05-20', 360_000, { description: 'Fleet repaint, 4 vans' });
  b.plan(riverside, '2026-07-01', 360_000, 6, { graceDays: 5 });
  b.pay(riverside, '2026-07-01', 60_000, { method: 'check', reference: '3302' });
  b.pay(riverside, '2026-08-03', 60_000, { method: 'check', reference: '3351' });
  b.contact(riverside, '2026-09-10', 'call', { outcome: 'no answer', by: 'Sam (AR)' });
  b.contact(riverside, '2026-10-12', 'letter', {
    stage: 'plan-broken',
    note: 'Plan missed twice; full balance due',
  });

  // A credit note for a pricing error.
  const oakridge = b.customer({
    name: 'Oakridge Veterinary Clinic',
    email: 'oakridge.vet@example.com',
    phone: '+1 512-555-0137',
    address: '9 Oak Ridge Dr, Austin, TX 78746',
    timeZone: 'America/Chicago',
  });
  const [o1, o2] = monthly(oakridge, '2026-08-12', 4, 700, 1_400);
  b.pay(oakridge, '2026-09-10', o1!.amountMinor, { method: 'ACH', reference: 'OVC-118' });
  b.adjust(oakridge, '2026-10-12', 'credit-note', 25_000, {
    invoice: o2,
    note: 'Pricing error: vaccine bundle billed at list',
  });
  b.contact(oakridge, addDays(o2!.dueDate, 1), 'email', { stage: STAGE.first });

  // A small remainder written off, then new business.
  const delgado = b.customer({
    name: 'Delgado Catering',
    email: 'delgado.catering@example.com',
    phone: '+1 305-555-0155',
    address: '1450 SW 8th St, Miami, FL 33135',
    timeZone: 'America/New_York',
  });
  const d1 = b.invoice(delgado, '2026-07-01', 186_250);
  b.pay(delgado, '2026-08-05', 182_500, { appliesTo: [d1], method: 'check', reference: '8812' });
  b.adjust(delgado, '2026-09-30', 'write-off', 3_750, {
    invoice: d1,
    note: 'Short-paid remainder, not worth pursuing',
  });
  b.invoice(delgado, '2026-10-20', 212_000);
  b.invoice(delgado, '2026-11-16', 98_000, { terms: 15 });

  // Massachusetts consumer: at most 2 calls in 7 days, and there have been 2 this week.
  const sullivan = b.customer({
    name: 'Kevin Sullivan',
    email: 'kevin.sullivan@example.org',
    phone: '+1 617-555-0166',
    address: '31 Beacon St, Boston, MA 02108',
    timeZone: 'America/New_York',
    contactPreset: 'massachusetts',
  });
  b.invoice(sullivan, '2026-07-14', 93_000, {
    description: 'Patient balance after insurance, visit 2026-06-25',
  });
  b.invoice(sullivan, '2026-09-08', 41_000, {
    description: 'Patient balance after insurance, visit 2026-08-19',
  });
  // Massachusetts requires a validation notice within 5 business days of the first contact (940 CMR 7.08).
  b.contact(sullivan, '2026-08-10', 'letter', { stage: 'validation-notice' });
  b.contact(sullivan, '2026-08-14', 'email', { stage: STAGE.first });
  b.contact(sullivan, '2026-08-28', 'email', { stage: STAGE.second });
  b.contact(sullivan, '2026-11-10', 'email', { stage: STAGE.third });
  // Follow-up calls on the 30-day reminder: they count toward the weekly call limit.
  b.contact(sullivan, '2026-11-19', 'call', { outcome: 'no answer', by: 'Dana (AR)' });
  b.contact(sullivan, '2026-11-20', 'call', { outcome: 'left voicemail', by: 'Dana (AR)' });

  // New York City consumer: 3 contacts across channels in 7 days already.
  const shah = b.customer({
    name: 'Priya Shah',
    email: 'priya.shah@example.org',
    phone: '+1 718-555-0139',
    address: '240 Court St, Brooklyn, NY 11201',
    timeZone: 'America/New_York',
    contactPreset: 'new-york-city',
  });
  b.invoice(shah, '2026-08-04', 128_800, {
    description: 'Patient balance after insurance, visit 2026-07-15',
  });
  // New York City requires a validation notice too (6 RCNY 5-77).
  b.contact(shah, '2026-08-31', 'letter', { stage: 'validation-notice' });
  b.contact(shah, '2026-09-04', 'email', { stage: STAGE.first });
  b.contact(shah, '2026-11-13', 'email', { stage: STAGE.fourth });
  // Follow-ups in the last 7 days: three contacts, the New York City limit across channels.
  b.contact(shah, '2026-11-17', 'email', { outcome: 'sent copy of invoice on request', by: 'Sam (AR)' });
  b.contact(shah, '2026-11-18', 'call', { outcome: 'asked to call back Friday', by: 'Sam (AR)' });
  b.contact(shah, '2026-11-20', 'call', { outcome: 'no answer', by: 'Sam (AR)' });

  // London, billed in pounds.
  const thornbury = b.customer({
    name: 'Thornbury & Finch Ltd',
    email: 'accounts.thornbury@example.com',
    phone: '+44 20 7946 0321',
    address: '14 Clerkenwell Green, London EC1R 0DP, United Kingdom',
    timeZone: 'Europe/London',
    currency: 'GBP',
  });
  const [t1] = monthly(thornbury, '2026-07-30', 4, 1_100, 2_300);
  b.pay(thornbury, '2026-08-27', t1!.amountMinor, { method: 'BACS', reference: 'TF-0088' });
  b.contact(thornbury, '2026-10-30', 'email', { stage: STAGE.first });

  // London, billed in euros and pounds: two accounts for one customer.
  const albion = b.customer({
    name: 'Albion Marine Services Ltd',
    email: 'finance.albion@example.com',
    phone: '+44 20 7946 0777',
    address: 'Unit 3, Royal Docks, London E16 2QU, United Kingdom',
    timeZone: 'Europe/London',
    currency: 'EUR',
  });
  const a1 = b.invoice(albion, '2026-06-15', 845_000, { description: 'Hull survey, Rotterdam' });
  b.invoice(albion, '2026-09-15', 512_575, { description: 'Engine inspection, Antwerp' });
  b.invoice(albion, '2026-10-01', 96_000, { currency: 'GBP', description: 'Chart updates' });
  b.pay(albion, '2026-07-20', 500_000, { appliesTo: [a1], method: 'SEPA', reference: 'ALB-2207' });

  // Tokyo, billed in yen (no minor unit).
  const sato = b.customer({
    name: 'Sato Precision K.K.',
    email: 'sato.precision@example.com',
    phone: '+81 3-5555-0142',
    address: '2-4-1 Shibaura, Minato-ku, Tokyo 108-0023, Japan',
    timeZone: 'Asia/Tokyo',
    currency: 'JPY',
  });
  const s1 = b.invoice(sato, '2026-07-31', 1_250_000);
  b.invoice(sato, '2026-09-30', 980_000);
  b.invoice(sato, '2026-10-31', 1_430_000);
  b.pay(sato, '2026-09-15', 600_000, { appliesTo: [s1], method: 'wire', reference: 'SATO-0915' });
  b.contact(sato, '2026-10-31', 'email', { stage: STAGE.first });

  // Tokyo, billed in dollars.
  const tanaka = b.customer({
    name: 'Tanaka Trading Co.',
    email: 'tanaka.trading@example.com',
    phone: '+81 6-5555-0190',
    address: '1-1-3 Umeda, Kita-ku, Osaka 530-0001, Japan',
    timeZone: 'Asia/Tokyo',
  });
  const [ta1] = monthly(tanaka, '2026-08-20', 3, 3_000, 7_500, 45);
  b.pay(tanaka, '2026-10-02', ta1!.amountMinor, { method: 'wire', reference: 'TT-1002' });

  // Law-firm clients: invoices per matter.
  const calloway = b.customer({
    name: 'Calloway Property Holdings LLC',
    email: 'calloway.holdings@example.com',
    phone: '+1 212-555-0107',
    address: '400 Park Ave, 12th Floor, New York, NY 10022',
    timeZone: 'America/New_York',
  });
  const c1 = b.invoice(calloway, '2026-06-30', 1_245_000, {
    matter: '2026-014 Lease renewal, 400 Park Ave',
    description: 'Legal services through June',
  });
  b.invoice(calloway, '2026-07-31', 887_500, {
    matter: '2026-014 Lease renewal, 400 Park Ave',
    description: 'Legal services through July',
  });
  b.invoice(calloway, '2026-08-31', 1_530_000, {
    matter: '2026-022 Zoning appeal',
    description: 'Legal services through August',
  });
  b.invoice(calloway, '2026-10-31', 642_000, {
    matter: '2026-022 Zoning appeal',
    description: 'Legal services through October',
  });
  b.pay(calloway, '2026-08-12', 1_245_000, { appliesTo: [c1], method: 'wire', reference: 'CPH-0812' });
  b.contact(calloway, '2026-09-01', 'email', { stage: STAGE.first });
  b.contact(calloway, '2026-10-15', 'email', { stage: STAGE.third });

  const westbrook = b.customer({
    name: 'Westbrook Auto Group',
    email: 'westbrook.auto@example.com',
    phone: '+1 630-555-0114',
    address: '1800 Ogden Ave, Downers Grove, IL 60515',
    timeZone: 'America/Chicago',
  });
  const w1 = b.invoice(westbrook, '2026-08-31', 412_500, {
    matter: '2026-031 Dealer franchise review',
    description: 'Legal services through August',
  });
  b.invoice(westbrook, '2026-09-30', 275_000, {
    matter: '2026-031 Dealer franchise review',
    description: 'Legal services through September',
  });
  b.pay(westbrook, '2026-10-29', 200_000, { appliesTo: [w1], method: 'check', reference: '55120' });

  const rahman = b.customer({
    name: 'Dr. Aisha Rahman',
    email: 'aisha.rahman@example.org',
    phone: '+1 310-555-0199',
    address: '1150 Wilshire Blvd, Los Angeles, CA 90017',
    timeZone: 'America/Los_Angeles',
  });
  b.invoice(rahman, '2026-10-15', 350_000, {
    matter: '2026-040 Estate plan and trust',
    description: 'Flat fee, estate plan',
  });

  // A patient with an ordinary balance.
  const gonzalez = b.customer({
    name: 'Maria Gonzalez',
    email: 'maria.gonzalez@example.org',
    phone: '+1 773-555-0120',
    address: '2540 S Kedzie Ave, Chicago, IL 60623',
    timeZone: 'America/Chicago',
  });
  b.invoice(gonzalez, '2026-09-22', 31_500, {
    description: 'Patient balance after insurance, visit 2026-09-02',
  });
  b.invoice(gonzalez, '2026-10-27', 18_000, {
    description: 'Patient balance after insurance, visit 2026-10-09',
  });
  b.contact(gonzalez, '2026-10-23', 'email', { stage: STAGE.first });

  // A school the office chose to hold off on.
  const brendan = b.customer({
    name: "St. Brendan's Parish School",
    email: 'stbrendans.office@example.org',
    phone: '+1 617-555-0158',
    address: '15 Rock St, Dorchester, MA 02122',
    timeZone: 'America/New_York',
    dunning: 'hold',
  });
  monthly(brendan, '2026-08-01', 3, 600, 1_100);

  // No time zone in the sheet: the office's zone applies.
  const foxglove = b.customer({
    name: 'Foxglove Books',
    email: 'foxglove.books@example.com',
    phone: '+1 802-555-0146',
    address: '7 Church St, Burlington, VT 05401',
  });
  monthly(foxglove, '2026-09-05', 3, 300, 800);

  // Late fees by policy; one waived as a goodwill gesture.
  const ironwood = b.customer({
    name: 'Ironwood Construction',
    email: 'ironwood.construction@example.com',
    phone: '+1 469-555-0172',
    address: '2100 Commerce St, Dallas, TX 75201',
    timeZone: 'America/Chicago',
    // Its trade terms authorise the late fees below (without that, they would be refused).
    feesAgreed: true,
  });
  const i1 = b.invoice(ironwood, '2026-06-15', 1_840_000);
  const i2 = b.invoice(ironwood, '2026-08-14', 965_000);
  b.adjust(ironwood, '2026-08-14', 'late-fee', 27_600, {
    invoice: i1,
    policy: 'late-fee/v1',
    note: '1.5% of 18,400.00',
  });
  b.adjust(ironwood, '2026-09-14', 'late-fee', 14_475, {
    invoice: i2,
    policy: 'late-fee/v1',
    waivedOn: '2026-09-20',
    note: 'Waived: first late payment',
  });
  b.pay(ironwood, '2026-09-01', 900_000, { appliesTo: [i1], method: 'ACH', reference: 'IWC-901' });
  b.contact(ironwood, '2026-08-15', 'email', { stage: STAGE.first });
  b.contact(ironwood, '2026-09-15', 'call', {
    stage: STAGE.third,
    outcome: 'spoke to controller; partial payment sent',
    by: 'Dana (AR)',
  });

  // Catches up on missed stages rather than going one stage per run.
  const lumen = b.customer({
    name: 'Lumen Eye Care',
    email: 'lumen.eyecare@example.com',
    phone: '+1 206-555-0183',
    address: '1420 5th Ave, Seattle, WA 98101',
    timeZone: 'America/Los_Angeles',
    dunning: 'catch-up',
  });
  monthly(lumen, '2026-07-22', 2, 1_900, 2_700);

  // Routine accounts: monthly invoices and a paying habit drawn from the seeded PRNG.
  for (const name of ROUTINE_NAMES) {
    const timeZone = pick(US_ZONES);
    const slug = name
      .toLowerCase()
      .replace(/[^a-z]+/g, '.')
      .replace(/\.$/, '');
    const c = b.customer({
      name,
      email: `${slug}@example.com`,
      phone: `+1 555-555-01${String(int(0, 99)).padStart(2, '0')}`,
      address: `${int(10, 4999)} ${pick(STREETS)}, ${pick(CITIES[timeZone])}`,
      timeZone,
    });
    const habit = pick(['prompt', 'slow', 'stopped'] as const);
    const first = addDays('2026-05-25', int(0, 40));
    const invoices = [];
    for (let k = 0; k < 7; k++) {
      const date = addMonths(first, k);
      if (toDay(date) > toDay(DEMO_AS_OF)) break;
      invoices.push(b.invoice(c, date, amount(250, 4_800), { terms: pick([15, 30, 30, 30]) }));
    }
    invoices.forEach((inv, k) => {
      const lateBy = habit === 'prompt' ? int(-5, 4) : int(20, 55);
      const paidOn = addDays(inv.dueDate, lateBy);
      if (habit === 'stopped' && k >= 2) return;
      if (toDay(paidOn) > toDay(DEMO_AS_OF)) return;
      b.pay(c, paidOn, inv.amountMinor, {
        appliesTo: [inv],
        method: pick(['check', 'ACH', 'card']),
        reference: String(int(1000, 9999)),
      });
      if (lateBy > 0) b.contact(c, addDays(inv.dueDate, 1), 'email', { stage: STAGE.first });
      if (lateBy > 15) b.contact(c, addDays(inv.dueDate, 15), 'email', { stage: STAGE.second });
    });
  }
  return b;
}
