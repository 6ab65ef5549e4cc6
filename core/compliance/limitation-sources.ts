// Where each statute-of-limitations row was read (or searched for and not found): the reading record behind the table.
import type { DebtType } from '../ledger/ledger.js';
import type { Region } from './places.js';

export const READ_ON = '2026-12-03';
/** The day the promissory-note rows of MD, NC, SC, VA, WI and ID were settled against both texts. */
const READ_ON_NOTES = '2026-12-04';
export const EVERY: readonly DebtType[] = [
  'written-contract',
  'oral-contract',
  'open-account',
  'promissory-note',
  'medical',
];
export const BUT_NOTE: readonly DebtType[] = ['written-contract', 'oral-contract', 'open-account', 'medical'];

let verified: readonly { state: Region; types: readonly DebtType[]; read: string; on: string }[] | undefined;
/**
 * Rows checked against the statute's text: state, the debt types whose period the text settles,
 * where it was read and when. Washington's and Kentucky's were read by an earlier session, which
 * recorded the sections but no address. Rows not listed are not verified.
 */
export function verifiedReadings(): readonly {
  state: Region;
  types: readonly DebtType[];
  read: string;
  on: string;
}[] {
  verified ??= [
    {
      state: 'CA',
      types: EVERY,
      read: 'https://self-law.org/code/ca/code-of-civil-procedure/337 (§ 337(a), (b)); http://ca.elaws.us/law/ccp_sec.339 (§ 339)',
      on: READ_ON,
    },
    {
      state: 'NY',
      types: ['written-contract', 'oral-contract', 'open-account', 'promissory-note'],
      read: 'https://www.acainternational.org/news/new-york-shortens-statute-of-limitations-on-consumer-credit-transactions/ (text of CPLR 214-i)',
      on: READ_ON,
    },
    {
      state: 'TX',
      types: EVERY,
      read: 'https://law.justia.com/codes/texas/2019/civil-practice-and-remedies-code/title-2/subtitle-b/chapter-16/subchapter-a/section-16-004 (§ 16.004(a)(3), (c))',
      on: READ_ON,
    },
    {
      state: 'FL',
      types: ['written-contract', 'promissory-note'],
      read: 'https://flsenate.gov/Laws/Statutes/2020/0095.11; https://syfert.com/florida/statutes/0095.11.html (2024 text, § 95.11(2)(b))',
      on: READ_ON,
    },
    {
      state: 'IL',
      types: EVERY,
      read: 'https://ilga.gov/legislation/ilcs/documents/073500050K13-206.htm (13-206); 13-205 text as quoted at https://docketmath.com/blog/statute-of-limitations-oral-contract-illinois',
      on: READ_ON,
    },
    {
      state: 'PA',
      types: EVERY,
      read: 'http://www.legis.state.pa.us/WU01/LI/LI/CT/HTM/42/00.055.025.000..HTM (§ 5525)',
      on: READ_ON,
    },
    {
      state: 'OH',
      types: BUT_NOTE,
      read: 'https://codes.findlaw.com/oh/title-xxiii-courts-common-pleas/oh-rev-code-sect-2305-07/ (§ 2305.07, current as of 2024-01-01)',
      on: READ_ON,
    },
    {
      state: 'GA',
      types: BUT_NOTE,
      read: 'https://law.justia.com/codes/georgia/2020/title-9/chapter-3/article-2/section-9-3-24/ and .../section-9-3-25/',
      on: READ_ON,
    },
    {
      state: 'MI',
      types: BUT_NOTE,
      read: 'https://casetext.com/statute/michigan-compiled-laws/chapter-600-revised-judicature-act-of-1961/subchapter-chapter-13-jurors/subchapter-chapter-58-limitation-of-actions/section-6005807-damages-for-breach-of-contract-specific-performance-period-of-limitations-bond-deed-mortgage-surety-bond-appeal-bond-public-obligations-other-actions (§ 600.5807(9), current through 2024 PA 35)',
      on: READ_ON,
    },
    {
      state: 'NJ',
      types: BUT_NOTE,
      read: 'https://docketmath.com/blog/sol-collections-new-jersey (text of 2A:14-1a from lis.njleg.state.nj.us); https://legiscan.com/NJ/text/S1742/id/2135757 (the same text, quoted by a 2020 bill)',
      on: READ_ON,
    },
    {
      state: 'VA',
      types: BUT_NOTE,
      read: 'http://laws9.com/statutes/virginia/title-8-01/chapter-4/8-01-246; https://www.richmondsunlight.com/bill/2019/hb2242/fulltext/ (§ 8.01-246 as amended 2019)',
      on: READ_ON,
    },
    {
      state: 'AZ',
      types: EVERY,
      read: 'text of §§ 12-548, 12-543 from azleg.gov as quoted at https://docketmath.com/blog/statute-of-limitations-written-contract-arizona and .../statute-of-limitations-oral-contract-arizona; the medical row: § 12-543 as summarised at https://legalclarity.org/ars-12-543-oral-debt-open-accounts-and-tolling-rules/, and https://www.azcourts.gov/legalinfohub/Legal-Info-Sheets/Consumer-Debt/Statute-of-Limitations-SOL (6 years) read with https://sapling.com/7987961/statute-limitations-debt-arizona (6 years with a signed contract, 3 without)',
      on: READ_ON,
    },
    {
      state: 'CT',
      types: EVERY,
      read: 'http://casetext.com/statute/general-statutes-of-connecticut/title-52-civil-actions/chapter-926-statute-of-limitations/section-52-581-action-on-oral-contract-to-be-brought-within-three-years (§ 52-581 and its annotations); https://getpocketlaw.com/law/state_connecticut/section-52-576-actions-for-account-or-on-simple-or-implied-contracts_bbda284a965e (§ 52-576)',
      on: READ_ON,
    },
    {
      state: 'MA',
      types: EVERY,
      read: 'text of M.G.L. c. 260, § 2 as returned by a search of stored pages (the page gave no address); law firms agree (https://leonardlawoffice.com/2012/08/10/statute-of-limitations-in-massachusetts/)',
      on: READ_ON,
    },
    {
      state: 'MT',
      types: EVERY,
      read: 'https://casetext.com/statute/montana-code/title-27-civil-liability-remedies-and-limitations/chapter-2-statutes-of-limitations/part-2-time-limits-on-specific-kinds-of-actions/section-27-2-202-actions-based-on-contract-or-other-obligation (§ 27-2-202, current through 2023)',
      on: READ_ON,
    },
    {
      state: 'CO',
      types: EVERY,
      read: 'https://law.justia.com/codes/colorado/2021/title-13/article-80/section-13-80-103-5/ (§ 13-80-103.5(1)(a))',
      on: READ_ON,
    },
    {
      state: 'NY',
      types: ['medical'],
      read: 'https://www.grahamborgese.com/blog/2022/april/statute-of-limitations-on-medical-bills/ and https://www.dnc.com/news/new-york-state-reduces-medical-debt-statue-limitations-three-years (text of CPLR 213-d); State v. Mason, Index No. 613624/22 (Sup. Ct. Suffolk 2023), https://print.casetext.com/case/state-v-mason-121086',
      on: READ_ON,
    },
    {
      state: 'FL',
      types: ['oral-contract', 'open-account', 'medical'],
      read: 'text of § 95.11(3)(j) as quoted at https://docketmath.com/blog/statute-of-limitations-oral-contract-florida and the 2023 text of § 95.11 at https://docketmath.com/blog/statute-of-limitations-ucc-sale-of-goods-florida',
      on: READ_ON,
    },
    {
      state: 'TN',
      types: EVERY,
      read: 'text of § 28-3-109 quoted at https://whychat.me/States/state-te.html and https://docketmath.com/blog/statute-of-limitations-oral-contract-tennessee',
      on: READ_ON,
    },
    {
      state: 'WI',
      types: BUT_NOTE,
      read: 'https://casetext.com/statute/wisconsin-statutes/provisions-common-to-actions-and-proceedings-in-all-courts/chapter-893-limitations-of-commencement-of-actions-and-proceedings-procedure-for-claims-against-governmental-units/subchapter-iv-actions-relating-to-contracts-and-court-judgments/section-89343-action-on-contract (§ 893.43, current through 2023-2024); https://docs-preview.legis.wisconsin.gov/document/statutes/893.44',
      on: READ_ON,
    },
    {
      state: 'MD',
      types: BUT_NOTE,
      read: 'https://casetext.com/statute/code-of-maryland/article-courts-and-judicial-proceedings/title-5-limitations-prohibited-actions-and-immunities/subtitle-1-limitations/section-5-101-three-year-limitation-in-general (§ 5-101, current with 2023); https://law.justia.com/codes/maryland/2005/gcj/5-102.html (§ 5-102)',
      on: READ_ON,
    },
    {
      state: 'SC',
      types: BUT_NOTE,
      read: 'https://law.justia.com/codes/south-carolina/2018/title-15/chapter-3/section-15-3-530/ (§ 15-3-530(1)); https://lexace.ai/us/statute/south-carolina/15-3-530',
      on: READ_ON,
    },
    {
      state: 'OR',
      types: BUT_NOTE,
      read: 'https://oregon.public.law/statutes/ors_12.080 (§ 12.080(1)); https://www.oregonlaws.org/ors/12.080',
      on: READ_ON,
    },
    {
      state: 'NV',
      types: EVERY,
      read: 'text of NRS 11.190(1)(b), (2)(a)-(c) quoted at https://whychat.me/States/state-nev.html; the same periods at https://observed.org/statute-of-limitations-on-debt-in-nevada/ and http://www.avvo.com/legal-guides/ugc/statute-of-limitations',
      on: READ_ON,
    },
    {
      state: 'UT',
      types: EVERY,
      read: 'text of Utah Code §§ 78B-2-307(1) and 78B-2-309(2) quoted at https://www.creditinfocenter.com/community/topic/321542-utah-sol-for-credit-cards/ (the former § 78-12-25 at http://whychat.me/States/state-ut.html); re-read 2026-12-04 at le.utah.gov: § 78B-2-309 as amended 2019 (https://le.utah.gov/xcode/Title78B/Chapter2/C78B-2-S309_2019051420190514.xml), § 78B-2-307 as amended 2023 (https://le.utah.gov/xcode/Title78B/Chapter2/C78B-2-S307_2023050320230503.html); § 25-5-4(2) (credit agreement, financial institution) quoted at http://whychat.me/States/state-ut.html',
      on: READ_ON,
    },
    {
      state: 'NC',
      types: BUT_NOTE,
      read: 'https://statutes.laws.com/north-carolina/Chapter_1/GS_1-52/ (§ 1-52(1)); https://www.ncleg.gov/EnactedLegislation/Statutes/HTML/ByArticle/Chapter_1/Article_5.html (§ 1-47(2), sealed instruments)',
      on: READ_ON,
    },
    {
      state: 'IA',
      types: EVERY,
      read: 'text of Iowa Code § 614.1(4) from legis.iowa.gov as quoted at https://docketmath.com/blog/statute-of-limitations-oral-contract-iowa; § 614.1(5) (written contracts, ten years) as stated by the Iowa Supreme Court in Matherly v. Hanson, 359 N.W.2d 450 (Iowa 1984), http://law.justia.com/cases/iowa/supreme-court/1984/83-1562-0.html (the 1983 Code; later amendments to subsection 5 not read)',
      on: READ_ON,
    },
    {
      state: 'KS',
      types: EVERY,
      read: 'text of K.S.A. 60-511(1) and 60-512(1) from kslegislature.gov as quoted at https://docketmath.com/blog/sol-collections-kansas and https://docketmath.com/blog/statute-of-limitations-oral-contract-kansas',
      on: READ_ON,
    },
    {
      state: 'MO',
      types: EVERY,
      read: 'text of § 516.110(1) from revisor.mo.gov as quoted at https://docketmath.com/blog/statute-of-limitations-written-contract-missouri; § 516.120(1) as quoted in Mark Twain Bank v. Platzelman, 740 S.W.2d 388 (Mo. Ct. App. 1987), https://cetient.com/opinion/1655359/mark-twain-bank-na-v-platzelman',
      on: READ_ON,
    },
    {
      state: 'LA',
      types: ['open-account', 'medical'],
      read: 'https://legis.la.gov/Legis/Law.aspx?d=110518 (art. 3494, as amended 2018); https://theusufruct.com/cc/3495 (art. 3495)',
      on: READ_ON,
    },
    {
      state: 'NE',
      types: EVERY,
      read: 'https://nebraskalegislature.gov/laws/statutes.php?statute=25-206 (§ 25-206); http://www.leg.ne.gov/laws/statutes.php?statute=25-205 (§ 25-205(1))',
      on: READ_ON,
    },
    {
      state: 'NM',
      types: EVERY,
      read: 'https://law.justia.com/codes/new-mexico/2020/chapter-37/article-1/section-37-1-3/index.html (§ 37-1-3(A), bonds, promissory notes and written contracts); https://law.justia.com/codes/new-mexico/2020/chapter-37/article-1/section-37-1-4/ (§ 37-1-4)',
      on: READ_ON,
    },
    {
      state: 'WV',
      types: EVERY,
      read: 'text of § 55-2-6 from code.wvlegislature.gov as quoted at https://docketmath.com/blog/statute-of-limitations-written-contract-west-virginia; the same text at https://whychat.me/States/state-wva.html',
      on: READ_ON,
    },
    {
      state: 'WY',
      types: EVERY,
      read: 'https://law.justia.com/codes/wyoming/2010/Title1/chapter3.html (§ 1-3-105(a)(i), (ii)); the same text in force at advance.lexis.com (Wyo. Stat. § 1-3-105)',
      on: READ_ON,
    },
    {
      state: 'HI',
      types: EVERY,
      read: 'https://data.capitol.hawaii.gov/hrscurrent/Vol13_Ch0601-0676/HRS0657/HRS_0657-0001.htm (§ 657-1(1)); https://casetext.com/statute/hawaii-revised-statutes/division-4-courts-and-judicial-proceedings/title-36-civil-remedies-and-defenses-and-special-proceedings/chapter-657-limitation-of-actions/part-i-personal-actions/section-657-1-six-years (current through 2024)',
      on: READ_ON,
    },
    {
      state: 'ND',
      types: EVERY,
      read: 'https://self-law.org/code/nd/title-28/chapter-28-01-time-for-commencing-actions/28-01-16 (§ 28-01-16(1)); a note under the same section: Lincoln Nat. Life Ins. Co. v. Kelly, 73 N.D. 622 (1945), https://case-law.vlex.com/vid/lincoln-nat-life-ins-929435610',
      on: READ_ON,
    },
    {
      state: 'SD',
      types: EVERY,
      read: 'text of SDCL 15-2-13(1) quoted at https://whychat.me/States/state-sd.html; the chapter index at https://sdlegislature.gov/Statutes/15-2',
      on: READ_ON,
    },
    {
      state: 'VT',
      types: EVERY,
      read: '12 V.S.A. § 511 applied as the general six-year limitation by the Vermont Supreme Court: Eaton v. Prior, 2012 VT 54 (https://scovt.blogspot.com/2012/08/statute-of-limitations-discovery-occurs.html), State v. Atlantic Richfield Co., 2016 VT 61 (https://e.casetext.com/case/state-v-atlantic-richfield-co-1); the section text itself was not read',
      on: READ_ON,
    },
    {
      state: 'AR',
      types: EVERY,
      read: 'https://law.onecle.com/arkansas/title-16/16-56-105.html (§ 16-56-105); text of § 16-56-111(a) quoted at https://docketmath.com/blog/statute-of-limitations-debt-on-a-promissory-note-arkansas; § 16-56-106(b) as applied in Arkansas Center for Physical Medicine & Rehabilitation v. Magee, 2017 Ark. App. 657, https://law.justia.com/cases/arkansas/court-of-appeals/2017/cv-17-401.html',
      on: READ_ON,
    },
    {
      state: 'MS',
      types: ['oral-contract', 'open-account', 'medical'],
      read: 'text of § 15-1-29 quoted in McArthur v. Acme Mechanical Contractors, 336 So. 2d 1306 (Miss. 1976), https://calculators.law/caselaw/decisions/vbBNlyDv0RXp',
      on: READ_ON,
    },
    {
      state: 'ME',
      types: BUT_NOTE,
      read: 'text of 14 M.R.S. § 752 from legislature.maine.gov as quoted at https://docketmath.com/blog/howto-statute-of-limitations-maine; § 751 at https://www.mainelegislature.org/legis/statutes/14/title14sec751.html',
      on: READ_ON,
    },
    {
      state: 'DE',
      types: BUT_NOTE,
      read: 'text of 10 Del. C. § 8106(a) from delcode.delaware.gov as quoted at https://docketmath.com/blog/statute-of-limitations-written-contract-delaware; § 8106(c) described at https://www.law.com/delbizcourt/almID/1202716891725/Chancery-Court-Applies-New-Statutory-Amendment-Retroactively/',
      on: READ_ON,
    },
    {
      state: 'AL',
      types: ['written-contract', 'oral-contract', 'promissory-note'],
      read: 'text of Ala. Code § 6-2-34 quoted at https://docketmath.com/blog/statute-of-limitations-written-contract-alabama (subdivisions (4), (5), (9))',
      on: READ_ON,
    },
    {
      state: 'AK',
      types: BUT_NOTE,
      read: 'https://www.akleg.gov/basis/statutes.asp?media=print&secEnd=09.10.060&secStart=09.10.050 (AS 09.10.053)',
      on: READ_ON,
    },
    {
      state: 'DC',
      types: EVERY,
      read: 'https://code.dccouncil.gov/us/dc/council/code/sections/12-301.html (§ 12-301(a)(6), (7))',
      on: READ_ON,
    },
    {
      state: 'OK',
      types: EVERY,
      read: 'text of 12 O.S. § 95(A)(1), (2) from oklegislature.gov and oscn.net as quoted at https://docketmath.com/blog/statute-of-limitations-written-contract-oklahoma and https://docketmath.com/blog/statute-of-limitations-oral-contract-oklahoma',
      on: READ_ON,
    },
    {
      state: 'IN',
      types: ['written-contract', 'promissory-note'],
      read: 'text of Ind. Code § 34-11-2-9 quoted at https://commercialforeclosureblog.typepad.com/indiana_commercial_forecl/2019/08/indiana-has-two-statutes-of-limitations-for-promissory-notes.html; Blair v. EMC Mortgage (Ind. 2020), https://caseclips.courts.in.gov/2020/02/24/blair-v-emc-mortgage',
      on: READ_ON,
    },
    {
      state: 'MN',
      types: BUT_NOTE,
      read: 'text of Minn. Stat. § 541.05, subd. 1(1) at http://statutes.laws-info.com/minnesota/540-552/541/541_05 (a version with ten clauses, still six years, so the 2011 bill SF 373 that would have made it four did not become law); https://www.revisor.mn.gov/bills/text.php?number=Sf0373&version=1&session=ls87 (the bill)',
      on: READ_ON,
    },
    {
      state: 'RI',
      types: EVERY,
      read: 'text of R.I. Gen. Laws § 9-1-13(a) from webserver.rilegislature.gov ("all civil actions shall be commenced within ten (10) years next after the cause of action shall accrue") as quoted at https://docketmath.com/blog/statute-of-limitations-unjust-enrichment-restitution-rhode-island; legalclarity.org\'s 6 years for oral contracts has no ground in that text',
      on: READ_ON,
    },
    {
      state: 'NH',
      types: BUT_NOTE,
      read: 'text of RSA 508:4, I from gc.nh.gov ("all personal actions, except actions for slander or libel, may be brought only within 3 years of the act or omission complained of") as quoted at https://docketmath.com/blog/statute-of-limitations-unjust-enrichment-restitution-new-hampshire',
      on: READ_ON,
    },
    {
      state: 'IN',
      types: ['oral-contract', 'open-account', 'medical'],
      read: 'text of Ind. Code § 34-11-2-7(1) ("Actions on accounts and contracts not in writing", six years) as quoted at https://docketmath.com/blog/statute-of-limitations-account-stated-open-account-indiana (from law.justia.com and codes.findlaw.com); § 34-11-2-9(b) as amended in 2024 at https://lawserver.com/law/state/indiana/in-code/indiana_code_34-11-2-9',
      on: READ_ON,
    },
    {
      state: 'ID',
      types: BUT_NOTE,
      read: 'Idaho Code § 5-216 (written contract, five years) as applied by the Supreme Court of Idaho in City of Idaho Falls v. H-K Contractors, 163 Idaho 579, 416 P.3d 951 (2018), https://cetient.com/case/4269539/city-of-idaho-falls-an-idaho-mun-corp-v-h-k-contractors-inc; § 5-217 (open account, four years) as applied in Eagle Water Co. v. Roundy Pole Fence Co., 134 Idaho 633 (Ct. App. 1999); the section texts themselves were not found',
      on: READ_ON,
    },
    {
      state: 'AL',
      types: ['open-account', 'medical'],
      read: 'Ala. Code § 6-2-37 (open account, three years) as applied by the Supreme Court of Alabama in Cadence Bank, N.A. v. Robertson (Ala. 2021-04-02), https://cunninghambounds.com/blogs/2021/april/money-lent-open-account-and-account-stated, and in Mobile Rug & Shade Co. v. Daniel, 424 So. 2d 1332 (Ala. Civ. App. 1983), http://print.casetext.com/case/mobile-rug-shade-co-inc-v-daniel; the section text itself was not found',
      on: READ_ON,
    },
    {
      state: 'LA',
      types: ['written-contract', 'oral-contract', 'promissory-note'],
      read: 'https://lcco.law.lsu.edu/?uid=143&ver=en (arts. 3498, 3499); http://www.laws9.com/statutes/louisiana/cc/cc3499; https://theusufruct.com/cc/3499 (art. 3499, from legis.la.gov)',
      on: READ_ON,
    },
    {
      state: 'MS',
      types: ['written-contract'],
      read: 'text of § 15-1-49(1) ("All actions for which no other period of limitation is prescribed shall commence within three (3) years next after the cause of such action accrued") as quoted in a White and Williams LLP analysis at https://casetext.com/statute/mississippi-code-1972/title-15-limitations-of-actions-and-prevention-of-frauds/chapter-1-limitation-of-actions/section-15-1-49-limitations-applicable-to-actions-not-otherwise-specifically-provided-for/analysis?citingPage=1',
      on: READ_ON,
    },
    {
      state: 'DE',
      types: ['promissory-note'],
      read: 'Knutkowski v. Cross, C.A. No. 4889-VCG (Del. Ch. 2014-10-13), https://cetient.com/case/2741882/knutkowski-v-cross and http://www.delbizcourt.com/id=1202677498810 (6 Del. C. § 3-118(a), six years); Milford Fertilizer Co. v. Hopkins (Del. Super. 2002), https://www.studicata.com/summaries/superior-court-of-delaware/milford-fertilizer-company-v-hopkins-2002-qdpnbo (10 Del. C. § 8109: six years on a promissory note not under seal)',
      on: READ_ON,
    },
    {
      state: 'MI',
      types: ['promissory-note'],
      read: 'text of MCL 600.5807(9) from legislature.mi.gov as quoted at https://docketmath.com/blog/statute-of-limitations-debt-on-a-promissory-note-michigan; RCS Recovery Services v. Matthews (Mich. Ct. App. 2021), https://milawyersweekly.com/news/2021/05/14/commercial-statute-of-limitations-promissory-note/ (six years on a promissory note)',
      on: READ_ON,
    },
    {
      state: 'OR',
      types: ['promissory-note'],
      read: 'https://law.onecle.com/oregon/73-negotiable-instruments/73.0118.html (ORS 73.0118(1): a note payable at a definite time, six years after the due date), the period of § 12.080(1) for a note that is not negotiable',
      on: READ_ON,
    },
    {
      state: 'GA',
      types: ['promissory-note'],
      read: 'https://syfert.com/georgia/code/11-3-118.html (O.C.G.A. § 11-3-118(a), 2018 Code: six years after the due date); § 9-3-24 (six years, read with the other rows) for a note that is not negotiable',
      on: READ_ON,
    },
    {
      state: 'NJ',
      types: ['promissory-note'],
      read: 'text of N.J.S.A. 12A:3-118(a) as quoted at https://whychat.me/States/state-nj.html (six years after the due date); 2A:14-1a (six years, read with the other rows) for a note that is not negotiable',
      on: READ_ON,
    },
    {
      state: 'OH',
      types: ['promissory-note'],
      read: 'text of R.C. 1303.16(A) (UCC 3-118: six years after the due date) as quoted by Weltman, Weinberg & Reis, https://www.martindale.com/legal-news/article_weltman-weinberg-reis-co-lpa_2501881.htm (2017)',
      on: READ_ON,
    },
    {
      state: 'ME',
      types: ['promissory-note'],
      read: 'https://instalawyer.io/laws/maine-revised-statutes/11-3-1118-statute-of-limitations (11 M.R.S. § 3-1118(1): a note payable at a definite time, 6 years after the due date); https://www.mainelegislature.org/legis/statutes/14/title14sec751.html (§ 751: 20 years for a note signed before an attesting witness, except as § 3-1118(1) provides); § 752 (6 years) for a note that is not negotiable',
      on: READ_ON,
    },
    {
      state: 'MN',
      types: ['promissory-note'],
      read: 'text of Minn. Stat. § 336.3-118(a) (six years after the due date) as quoted at https://legalresearch.com/litigation-advisor/litigation-pathfinder/issue-finder/legal-memorandum-statute-of-limitations-for-promissory-notes/; § 541.05, subd. 1 ("Except where the Uniform Commercial Code otherwise prescribes", six years) at http://statutes.laws-info.com/minnesota/540-552/541/541_05',
      on: READ_ON,
    },
    {
      state: 'MS',
      types: ['promissory-note'],
      read: 'https://codes.findlaw.com/ms/title-15-limitations-of-actions-and-prevention-of-frauds/ms-code-sect-15-1-81/ (§ 15-1-81, current as of 2025-01-01: nonnegotiable notes, six years; negotiable ones under § 75-3-118); Jordan v. BancorpSouth Bank, No. 2006-CP-01920-COA (Miss. Ct. App. 2007-09-11), https://e.casetext.com/case/jordan-v-bancorpsouth (§ 75-3-118(a), six years, not the three of § 15-1-49)',
      on: READ_ON,
    },
    {
      state: 'WI',
      types: ['promissory-note'],
      read: 'text of Wis. Stat. § 403.118(1) ("shall be commenced within 6 years after the due date or dates stated in the note") at https://docs-preview.legis.wisconsin.gov/document/statutes/403.202(1)(c) (chapter 403 as published); the 1995 bill that enacted it (SB 358) at https://docs.legis.wisconsin.gov/document/proposaltext/1995/REG/SB358,25,13; § 893.43(1) (6 years, read with the other rows) for a note that is not negotiable',
      on: READ_ON_NOTES,
    },
    {
      state: 'VA',
      types: ['promissory-note'],
      read: 'https://statutes.laws.com/virginia/title-8-3a/part-1/8-3a-118 (§ 8.3A-118(a): six years after the due date, negotiable notes); § 8.01-246(2) (five years, "in writing and signed by the party to be charged", read with the other rows, and quoted from law.lis.virginia.gov at https://docketmath.com/blog/statute-of-limitations-debt-on-a-promissory-note-virginia) for a signed note that is not negotiable: the row holds the shorter',
      on: READ_ON_NOTES,
    },
    {
      state: 'MD',
      types: ['promissory-note'],
      read: 'https://law.justia.com/codes/maryland/2016/commercial-law/title-3/subtitle-1/section-3-118/index.html (Com. Law § 3-118(a): six years after the due date, negotiable notes); § 5-101 (three years, read with the other rows) for a note neither negotiable nor under seal: the row holds the shorter',
      on: READ_ON_NOTES,
    },
    {
      state: 'NC',
      types: ['promissory-note'],
      read: 'http://www.laws9.com/statutes/north-carolina/Chapter_25/GS_25-3-118 (§ 25-3-118(a): six years after the due date, negotiable notes); § 1-52(1) (three years, read with the other rows) for a note that is not negotiable: the row holds the shorter',
      on: READ_ON_NOTES,
    },
    {
      state: 'SC',
      types: ['promissory-note'],
      read: 'https://instalawyer.io/laws/south-carolina-code-of-laws/section-36-3-118-statute-of-limitations (§ 36-3-118(a): six years after the due date, negotiable notes); § 15-3-530(1) (three years, read with the other rows) for a note that is not negotiable: the row holds the shorter',
      on: READ_ON_NOTES,
    },
    {
      state: 'ID',
      types: ['promissory-note'],
      read: 'https://instalawyer.io/laws/idaho-code/section-28-3-118-statute-of (§ 28-3-118(1): six years after the due date, negotiable notes); § 5-216 (five years for a written contract, as applied by the Supreme Court of Idaho with the other rows; its text not found) for a written note that is not negotiable: the row holds the shorter',
      on: READ_ON_NOTES,
    },
    {
      state: 'WA',
      types: EVERY,
      read: 'RCW 4.16.040, 4.16.080 (section text read in an earlier session; no address recorded)',
      on: 'before 2026-12-03',
    },
    {
      state: 'KY',
      types: EVERY,
      read: 'KRS 413.090, 413.120, 413.160 (section text read in an earlier session; no address recorded)',
      on: 'before 2026-12-03',
    },
  ];
  return verified;
}

let searched: Readonly<Record<Region, string>> | undefined;
/**
 * States whose text was searched for but not found or not settled (read on the day the rows were
 * checked): what was found, so the next reader does not search the same places again.
 */
export function searchedReadings(): Readonly<Record<Region, string>> {
  searched ??= {
    NH: '2026-12-03 and 2026-12-04, promissory notes: RSA 508:4, I (3 years, text read) covers a note that is not negotiable, and the row keeps it; a negotiable note may fall under RSA 382-A:3-118 (6 years in the uniform text), whose New Hampshire text was searched for and not found (2026-12-04: "382-A:3-118 Statute of Limitations action to enforce the obligation of a party to pay a note", "RSA 382-A:3-118 statute of limitations negotiable note": only §§ 382-A:2A-506 and 3-503 at statutes.laws-info.com, § 3-104 at livefreeordie.legal, and the RSA 508 page at gencourt.state.nh.us came back); a note under seal: 20 years (RSA 508:6, not read)',
    AK: '2026-12-03 and 2026-12-04, promissory notes: AS 09.10.053 (3 years, text read at https://www.akleg.gov/basis/statutes.asp?media=print&secEnd=09.10.060&secStart=09.10.050) covers a note that is not negotiable, and the row keeps it; the text of AS 45.03.118 (negotiable notes; 6 years after the due date in the uniform text, read in the Vermont, Oregon, North Carolina, Virginia and Wisconsin enactments) was searched for and not found (2026-12-04: "AS 45.03.118 statute of limitations", "45.03.117 ... 45.03.119": policyrisk.com lists chapter 45.03 only to § 45.03.107 and from § 45.03.120; touchngo.com returned § 45.03.503; docketmath\'s promissory-note page cites a § 12.10.010 that is not a limitation statute)',
  };
  return searched;
}
