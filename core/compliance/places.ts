// Place data as tables: US ZIP3 prefixes, NANP area codes, Canadian postal letters and countries, each to a state/province and its IANA zones.
//
// Sources (recorded here and in docs/compliance.md):
// - ZIP3 prefixes: USPS 3-digit ZIP Code prefix matrix (Domestic Mail Manual L002 / the National
//   Five-Digit ZIP Code and Post Office Directory). Ranges are compacted; unassigned prefixes inside
//   a range map to the range's state, which is harmless (no address carries them).
// - Area codes: North American Numbering Plan Administrator (NANPA) geographic area code list,
//   grouped by state and province. Non-geographic codes (500, 600, 700, 800-series toll-free, 900)
//   are absent on purpose: they say nothing about where the debtor is.
// - Zones: IANA tz database zone.tab (which zones cover which state); split states list every zone
//   they span unless a ZIP3 prefix or area code narrows it (table `zip3Zones()`, `areaCodeZones()`).
// - Canadian postal codes: Canada Post forward sortation area first letters.
// - Country calling codes: ITU-T E.164 assigned country codes.

/** Two-letter US state, district or territory code, or a Canadian province code with a `CA-` prefix. */
export type Region = string;

let zip3RangesCache: readonly (readonly [number, number, Region])[] | undefined;
/** ZIP3 ranges [first, last, state], inclusive, in order. */
export function zip3Ranges(): readonly (readonly [number, number, Region])[] {
  zip3RangesCache ??= [
    [5, 5, 'NY'],
    [6, 7, 'PR'],
    [8, 8, 'VI'],
    [9, 9, 'PR'],
    [10, 27, 'MA'],
    [28, 29, 'RI'],
    [30, 38, 'NH'],
    [39, 49, 'ME'],
    [50, 54, 'VT'],
    [55, 55, 'MA'],
    [56, 59, 'VT'],
    [60, 69, 'CT'],
    [70, 89, 'NJ'],
    [100, 149, 'NY'],
    [150, 196, 'PA'],
    [197, 199, 'DE'],
    [200, 205, 'DC'],
    [206, 219, 'MD'],
    [220, 246, 'VA'],
    [247, 268, 'WV'],
    [270, 289, 'NC'],
    [290, 299, 'SC'],
    [300, 319, 'GA'],
    [320, 339, 'FL'],
    [340, 340, 'AA'],
    [341, 349, 'FL'],
    [350, 369, 'AL'],
    [370, 385, 'TN'],
    [386, 397, 'MS'],
    [398, 399, 'GA'],
    [400, 427, 'KY'],
    [430, 459, 'OH'],
    [460, 479, 'IN'],
    [480, 499, 'MI'],
    [500, 528, 'IA'],
    [530, 549, 'WI'],
    [550, 567, 'MN'],
    [569, 569, 'DC'],
    [570, 577, 'SD'],
    [580, 588, 'ND'],
    [590, 599, 'MT'],
    [600, 629, 'IL'],
    [630, 658, 'MO'],
    [660, 679, 'KS'],
    [680, 693, 'NE'],
    [700, 714, 'LA'],
    [716, 729, 'AR'],
    [730, 749, 'OK'],
    [750, 799, 'TX'],
    [800, 816, 'CO'],
    [820, 831, 'WY'],
    [832, 838, 'ID'],
    [840, 847, 'UT'],
    [850, 865, 'AZ'],
    [870, 884, 'NM'],
    [885, 885, 'TX'],
    [889, 898, 'NV'],
    [900, 961, 'CA'],
    [967, 968, 'HI'],
    [969, 969, 'GU'],
    [970, 979, 'OR'],
    [980, 994, 'WA'],
    [995, 999, 'AK'],
  ];
  return zip3RangesCache;
}

let regionZonesCache: Readonly<Record<Region, readonly string[]>> | undefined;
/** IANA zones per region; a state that spans zones lists them all (the first is the most populous). */
export function regionZones(): Readonly<Record<Region, readonly string[]>> {
  regionZonesCache ??= {
    AL: ['America/Chicago'],
    AK: ['America/Anchorage', 'America/Adak'],
    AZ: ['America/Phoenix'],
    AR: ['America/Chicago'],
    CA: ['America/Los_Angeles'],
    CO: ['America/Denver'],
    CT: ['America/New_York'],
    DE: ['America/New_York'],
    DC: ['America/New_York'],
    FL: ['America/New_York', 'America/Chicago'],
    GA: ['America/New_York'],
    HI: ['Pacific/Honolulu'],
    ID: ['America/Boise', 'America/Los_Angeles'],
    IL: ['America/Chicago'],
    IN: ['America/Indiana/Indianapolis', 'America/Chicago'],
    IA: ['America/Chicago'],
    KS: ['America/Chicago', 'America/Denver'],
    KY: ['America/New_York', 'America/Chicago'],
    LA: ['America/Chicago'],
    ME: ['America/New_York'],
    MD: ['America/New_York'],
    MA: ['America/New_York'],
    MI: ['America/Detroit', 'America/Menominee'],
    MN: ['America/Chicago'],
    MS: ['America/Chicago'],
    MO: ['America/Chicago'],
    MT: ['America/Denver'],
    NE: ['America/Chicago', 'America/Denver'],
    NV: ['America/Los_Angeles'],
    NH: ['America/New_York'],
    NJ: ['America/New_York'],
    NM: ['America/Denver'],
    NY: ['America/New_York'],
    NC: ['America/New_York'],
    ND: ['America/Chicago', 'America/Denver'],
    OH: ['America/New_York'],
    OK: ['America/Chicago'],
    OR: ['America/Los_Angeles', 'America/Boise'],
    PA: ['America/New_York'],
    RI: ['America/New_York'],
    SC: ['America/New_York'],
    SD: ['America/Chicago', 'America/Denver'],
    TN: ['America/Chicago', 'America/New_York'],
    TX: ['America/Chicago', 'America/Denver'],
    UT: ['America/Denver'],
    VT: ['America/New_York'],
    VA: ['America/New_York'],
    WA: ['America/Los_Angeles'],
    WV: ['America/New_York'],
    WI: ['America/Chicago'],
    WY: ['America/Denver'],
    PR: ['America/Puerto_Rico'],
    VI: ['America/St_Thomas'],
    GU: ['Pacific/Guam'],
    AA: ['America/New_York'],
    'CA-AB': ['America/Edmonton'],
    'CA-BC': ['America/Vancouver'],
    'CA-MB': ['America/Winnipeg'],
    'CA-NB': ['America/Moncton'],
    'CA-NL': ['America/St_Johns'],
    'CA-NS': ['America/Halifax'],
    'CA-NT': ['America/Yellowknife'],
    'CA-NU': ['America/Iqaluit'],
    'CA-ON': ['America/Toronto', 'America/Winnipeg'],
    'CA-PE': ['America/Halifax'],
    'CA-QC': ['America/Toronto'],
    'CA-SK': ['America/Regina'],
    'CA-YT': ['America/Whitehorse'],
  };
  return regionZonesCache;
}

let zip3ZonesCache: readonly (readonly [number, number, string])[] | undefined;
/** ZIP3 ranges [first, last, zone] inside split states whose zone is known; other prefixes of a split state keep all its zones. */
export function zip3Zones(): readonly (readonly [number, number, string])[] {
  zip3ZonesCache ??= [
    [320, 323, 'America/New_York'],
    [324, 325, 'America/Chicago'], // Florida panhandle west of the Apalachicola: Pensacola, Panama City
    [326, 339, 'America/New_York'],
    [341, 349, 'America/New_York'],
    [370, 372, 'America/Chicago'], // Nashville
    [373, 374, 'America/New_York'], // Chattanooga
    [375, 375, 'America/Chicago'],
    [376, 379, 'America/New_York'], // Johnson City, Knoxville
    [380, 385, 'America/Chicago'], // Memphis, Jackson, Cookeville
    [400, 418, 'America/New_York'], // Louisville, Lexington, eastern Kentucky
    [420, 421, 'America/Chicago'], // Paducah, Bowling Green
    [423, 424, 'America/Chicago'], // Owensboro, Henderson
    [425, 427, 'America/New_York'],
    [460, 462, 'America/Indiana/Indianapolis'],
    [463, 464, 'America/Chicago'], // Gary, Hammond
    [465, 475, 'America/Indiana/Indianapolis'],
    [476, 477, 'America/Chicago'], // Evansville
    [478, 479, 'America/Indiana/Indianapolis'],
    [480, 497, 'America/Detroit'],
    [570, 576, 'America/Chicago'],
    [577, 577, 'America/Denver'], // Rapid City
    [580, 585, 'America/Chicago'],
    [586, 586, 'America/Denver'], // Dickinson
    [587, 588, 'America/Chicago'],
    [660, 676, 'America/Chicago'],
    [680, 692, 'America/Chicago'],
    [693, 693, 'America/Denver'], // Scottsbluff, Alliance
    [750, 797, 'America/Chicago'],
    [798, 799, 'America/Denver'], // El Paso
    [885, 885, 'America/Denver'],
    [832, 837, 'America/Boise'],
    [838, 838, 'America/Los_Angeles'], // northern Idaho
    [970, 978, 'America/Los_Angeles'],
    [979, 979, 'America/Boise'], // Malheur county
    [995, 999, 'America/Anchorage'],
  ];
  return zip3ZonesCache;
}

let areaCodesByRegionCache: Readonly<Record<Region, string>> | undefined;
/** Geographic NANP area codes per region, space-separated (NANPA). */
export function areaCodesByRegion(): Readonly<Record<Region, string>> {
  areaCodesByRegionCache ??= {
    AL: '205 251 256 334 659 938',
    AK: '907',
    AZ: '480 520 602 623 928',
    AR: '327 479 501 870',
    CA: '209 213 279 310 323 341 350 369 408 415 424 442 510 530 559 562 619 626 628 650 657 661 669 707 714 738 747 760 805 818 820 831 837 840 858 909 916 925 949 951',
    CO: '303 719 720 970 983',
    CT: '203 475 860 959',
    DE: '302',
    DC: '202 771',
    FL: '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 850 863 904 941 954',
    GA: '229 404 470 478 678 706 762 770 912 943',
    HI: '808',
    ID: '208 986',
    IL: '217 224 309 312 331 447 464 618 630 708 730 773 779 815 847 861 872',
    IN: '219 260 317 463 574 765 812 930',
    IA: '319 515 563 641 712',
    KS: '316 620 785 913',
    KY: '270 364 502 606 859',
    LA: '225 318 337 457 504 985',
    ME: '207',
    MD: '227 240 301 410 443 667',
    MA: '339 351 413 508 617 774 781 857 978',
    MI: '231 248 269 313 517 586 616 679 734 810 906 947 989',
    MN: '218 320 507 612 651 763 924 952',
    MS: '228 601 662 769',
    MO: '235 314 417 557 573 636 660 816 975',
    MT: '406',
    NE: '308 402 531',
    NV: '702 725 775',
    NH: '603',
    NJ: '201 551 609 640 732 848 856 862 908 973',
    NM: '505 575',
    NY: '212 315 329 332 347 363 516 518 585 607 624 631 646 680 716 718 838 845 914 917 929 934',
    NC: '252 336 472 704 743 828 910 919 980 984',
    ND: '701',
    OH: '216 220 234 283 326 330 380 419 436 440 513 567 614 740 937',
    OK: '405 539 572 580 918',
    OR: '458 503 541 971',
    PA: '215 223 267 272 412 445 484 570 582 610 717 724 814 835 878',
    RI: '401',
    SC: '803 821 839 843 854 864',
    SD: '605',
    TN: '423 615 629 731 865 901 931',
    TX: '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 915 936 940 945 956 972 979',
    UT: '385 435 801',
    VT: '802',
    VA: '276 434 540 571 686 703 757 804 826 948',
    WA: '206 253 360 425 509 564',
    WV: '304 681',
    WI: '262 274 353 414 534 608 715 920',
    WY: '307',
    PR: '787 939',
    VI: '340',
    GU: '671',
    'CA-AB': '368 403 587 780 825',
    'CA-BC': '236 250 257 604 672 778',
    'CA-MB': '204 431 584',
    'CA-NB': '428 506',
    'CA-NL': '709',
    'CA-NS': '782 902',
    'CA-ON': '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 807 905 942',
    'CA-QC': '263 354 367 418 438 450 468 514 579 581 819 873',
    'CA-SK': '306 474 639',
    'CA-YT': '867',
  };
  return areaCodesByRegionCache;
}

let areaCodeZonesCache: Readonly<Record<string, string>> | undefined;
/** Area codes inside split regions whose zone is known, per zone; other codes of a split region keep all its zones. */
export function areaCodeZones(): Readonly<Record<string, string>> {
  areaCodeZonesCache ??= {
    'America/New_York':
      '239 305 321 324 352 386 407 448 561 645 656 689 727 728 754 772 786 813 863 904 941 954 423 865 502 606 859',
    'America/Chicago':
      '210 214 254 281 325 346 361 409 430 432 469 512 682 713 726 737 806 817 830 832 903 936 940 945 956 972 979 615 629 731 901 931 219 316 913 402 531',
    'America/Denver': '915',
    'America/Detroit': '231 248 269 313 517 586 616 679 734 810 947 989',
    'America/Indiana/Indianapolis': '260 317 463 574 765',
    'America/Los_Angeles': '503 971',
    'America/Toronto': '226 249 289 343 365 382 416 437 519 548 613 647 683 705 742 753 905 942',
  };
  return areaCodeZonesCache;
}

let canadaPostalLettersCache: Readonly<Record<string, Region>> | undefined;
/** Canada Post: first letter of a postal code to province. */
export function canadaPostalLetters(): Readonly<Record<string, Region>> {
  canadaPostalLettersCache ??= {
    A: 'CA-NL',
    B: 'CA-NS',
    C: 'CA-PE',
    E: 'CA-NB',
    G: 'CA-QC',
    H: 'CA-QC',
    J: 'CA-QC',
    K: 'CA-ON',
    L: 'CA-ON',
    M: 'CA-ON',
    N: 'CA-ON',
    P: 'CA-ON',
    R: 'CA-MB',
    S: 'CA-SK',
    T: 'CA-AB',
    V: 'CA-BC',
    X: 'CA-NT',
    Y: 'CA-YT',
  };
  return canadaPostalLettersCache;
}

/** A country: ISO 3166 alpha-2 code, the names an address line ends with, its zones. */
export interface Country {
  code: string;
  names: readonly string[];
  zones: readonly string[];
}

let countriesCache: readonly Country[] | undefined;
/** Countries by the names an address line ends with, to their zones (ISO 3166 alpha-2 as the key). */
export function countries(): readonly Country[] {
  countriesCache ??= [
    {
      code: 'US',
      names: ['usa', 'us', 'u.s.a.', 'u.s.', 'united states', 'united states of america'],
      zones: [],
    },
    { code: 'CA', names: ['canada'], zones: [] },
    {
      code: 'GB',
      names: ['united kingdom', 'uk', 'u.k.', 'england', 'scotland', 'wales', 'great britain'],
      zones: ['Europe/London'],
    },
    { code: 'IE', names: ['ireland'], zones: ['Europe/Dublin'] },
    { code: 'FR', names: ['france'], zones: ['Europe/Paris'] },
    { code: 'DE', names: ['germany', 'deutschland'], zones: ['Europe/Berlin'] },
    { code: 'ES', names: ['spain', 'españa'], zones: ['Europe/Madrid'] },
    { code: 'IT', names: ['italy', 'italia'], zones: ['Europe/Rome'] },
    { code: 'NL', names: ['netherlands', 'the netherlands'], zones: ['Europe/Amsterdam'] },
    { code: 'BE', names: ['belgium'], zones: ['Europe/Brussels'] },
    { code: 'CH', names: ['switzerland'], zones: ['Europe/Zurich'] },
    { code: 'PT', names: ['portugal'], zones: ['Europe/Lisbon'] },
    { code: 'PL', names: ['poland'], zones: ['Europe/Warsaw'] },
    { code: 'SE', names: ['sweden'], zones: ['Europe/Stockholm'] },
    { code: 'NO', names: ['norway'], zones: ['Europe/Oslo'] },
    { code: 'DK', names: ['denmark'], zones: ['Europe/Copenhagen'] },
    { code: 'GR', names: ['greece'], zones: ['Europe/Athens'] },
    { code: 'IL', names: ['israel'], zones: ['Asia/Jerusalem'] },
    { code: 'AE', names: ['united arab emirates', 'uae'], zones: ['Asia/Dubai'] },
    { code: 'IN', names: ['india'], zones: ['Asia/Kolkata'] },
    { code: 'JP', names: ['japan'], zones: ['Asia/Tokyo'] },
    { code: 'KR', names: ['south korea', 'korea'], zones: ['Asia/Seoul'] },
    { code: 'CN', names: ['china'], zones: ['Asia/Shanghai'] },
    { code: 'SG', names: ['singapore'], zones: ['Asia/Singapore'] },
    { code: 'PH', names: ['philippines'], zones: ['Asia/Manila'] },
    {
      code: 'AU',
      names: ['australia'],
      zones: ['Australia/Sydney', 'Australia/Brisbane', 'Australia/Adelaide', 'Australia/Perth'],
    },
    { code: 'NZ', names: ['new zealand'], zones: ['Pacific/Auckland'] },
    {
      code: 'MX',
      names: ['mexico', 'méxico'],
      zones: ['America/Mexico_City', 'America/Tijuana', 'America/Cancun', 'America/Hermosillo'],
    },
    { code: 'BR', names: ['brazil', 'brasil'], zones: ['America/Sao_Paulo'] },
    { code: 'ZA', names: ['south africa'], zones: ['Africa/Johannesburg'] },
  ];
  return countriesCache;
}

let callingCodesCache: Readonly<Record<string, readonly string[]>> | undefined;
/** ITU-T E.164 country calling codes (outside NANP's +1) to zones; longest prefix wins. */
export function callingCodes(): Readonly<Record<string, readonly string[]>> {
  callingCodesCache ??= {
    '44': ['Europe/London'],
    '353': ['Europe/Dublin'],
    '33': ['Europe/Paris'],
    '49': ['Europe/Berlin'],
    '34': ['Europe/Madrid'],
    '39': ['Europe/Rome'],
    '31': ['Europe/Amsterdam'],
    '32': ['Europe/Brussels'],
    '41': ['Europe/Zurich'],
    '351': ['Europe/Lisbon'],
    '48': ['Europe/Warsaw'],
    '46': ['Europe/Stockholm'],
    '47': ['Europe/Oslo'],
    '45': ['Europe/Copenhagen'],
    '30': ['Europe/Athens'],
    '972': ['Asia/Jerusalem'],
    '971': ['Asia/Dubai'],
    '91': ['Asia/Kolkata'],
    '81': ['Asia/Tokyo'],
    '82': ['Asia/Seoul'],
    '86': ['Asia/Shanghai'],
    '65': ['Asia/Singapore'],
    '63': ['Asia/Manila'],
    '61': ['Australia/Sydney', 'Australia/Brisbane', 'Australia/Adelaide', 'Australia/Perth'],
    '64': ['Pacific/Auckland'],
    '52': ['America/Mexico_City', 'America/Tijuana', 'America/Cancun', 'America/Hermosillo'],
    '55': ['America/Sao_Paulo'],
    '27': ['Africa/Johannesburg'],
  };
  return callingCodesCache;
}

let usMainlandZonesCache: readonly string[] | undefined;
/** The US mainland zones: a debtor whose place is unknown may be in any of them. */
export function usMainlandZones(): readonly string[] {
  usMainlandZonesCache ??= ['America/New_York', 'America/Chicago', 'America/Denver', 'America/Los_Angeles'];
  return usMainlandZonesCache;
}

let stateNamesCache: Readonly<Record<string, Region>> | undefined;
/** US state and territory names to codes, for addresses that spell the state out. */
export function stateNames(): Readonly<Record<string, Region>> {
  stateNamesCache ??= {
    alabama: 'AL',
    alaska: 'AK',
    arizona: 'AZ',
    arkansas: 'AR',
    california: 'CA',
    colorado: 'CO',
    connecticut: 'CT',
    delaware: 'DE',
    'district of columbia': 'DC',
    florida: 'FL',
    georgia: 'GA',
    hawaii: 'HI',
    idaho: 'ID',
    illinois: 'IL',
    indiana: 'IN',
    iowa: 'IA',
    kansas: 'KS',
    kentucky: 'KY',
    louisiana: 'LA',
    maine: 'ME',
    maryland: 'MD',
    massachusetts: 'MA',
    michigan: 'MI',
    minnesota: 'MN',
    mississippi: 'MS',
    missouri: 'MO',
    montana: 'MT',
    nebraska: 'NE',
    nevada: 'NV',
    'new hampshire': 'NH',
    'new jersey': 'NJ',
    'new mexico': 'NM',
    'new york': 'NY',
    'north carolina': 'NC',
    'north dakota': 'ND',
    ohio: 'OH',
    oklahoma: 'OK',
    oregon: 'OR',
    pennsylvania: 'PA',
    'rhode island': 'RI',
    'south carolina': 'SC',
    'south dakota': 'SD',
    tennessee: 'TN',
    texas: 'TX',
    utah: 'UT',
    vermont: 'VT',
    virginia: 'VA',
    washington: 'WA',
    'west virginia': 'WV',
    wisconsin: 'WI',
    wyoming: 'WY',
    'puerto rico': 'PR',
  };
  return stateNamesCache;
}

let provincesCache: Readonly<Record<string, Region>> | undefined;
/** Canadian province names and codes as written in addresses. */
export function provinces(): Readonly<Record<string, Region>> {
  provincesCache ??= {
    AB: 'CA-AB',
    BC: 'CA-BC',
    MB: 'CA-MB',
    NB: 'CA-NB',
    NL: 'CA-NL',
    NS: 'CA-NS',
    NT: 'CA-NT',
    NU: 'CA-NU',
    ON: 'CA-ON',
    PE: 'CA-PE',
    QC: 'CA-QC',
    SK: 'CA-SK',
    YT: 'CA-YT',
    alberta: 'CA-AB',
    'british columbia': 'CA-BC',
    manitoba: 'CA-MB',
    'new brunswick': 'CA-NB',
    newfoundland: 'CA-NL',
    'nova scotia': 'CA-NS',
    ontario: 'CA-ON',
    'prince edward island': 'CA-PE',
    quebec: 'CA-QC',
    québec: 'CA-QC',
    saskatchewan: 'CA-SK',
    yukon: 'CA-YT',
  };
  return provincesCache;
}

let nycZipRangesCache: readonly (readonly [number, number, string])[] | undefined;
/**
 * New York City's five boroughs by ZIP code: inclusive ranges of five-digit ZIPs (USPS). 10001-10299
 * Manhattan, 10301-10314 Staten Island, 10451-10475 the Bronx, 11004-11005 and 11101-11120 and
 * 11351-11499 and 11690-11697 Queens, 11201-11256 Brooklyn. Nassau (115xx) and Westchester (105xx+)
 * are outside.
 */
export function nycZipRanges(): readonly (readonly [number, number, string])[] {
  nycZipRangesCache ??= [
    [10001, 10299, 'Manhattan'],
    [10301, 10314, 'Staten Island'],
    [10451, 10475, 'the Bronx'],
    [11004, 11005, 'Queens'],
    [11101, 11120, 'Queens'],
    [11201, 11256, 'Brooklyn'],
    [11351, 11499, 'Queens'],
    [11690, 11697, 'Queens'],
  ];
  return nycZipRangesCache;
}

let nycPlaceNamesCache: readonly string[] | undefined;
/** Borough names that place an address without a ZIP in New York City. */
export function nycPlaceNames(): readonly string[] {
  nycPlaceNamesCache ??= [
    'manhattan',
    'brooklyn',
    'bronx',
    'the bronx',
    'staten island',
    'queens',
    'new york city',
    'new york',
  ];
  return nycPlaceNamesCache;
}
