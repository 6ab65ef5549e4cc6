// Real places for the generated proof, each with its true zone and jurisdiction, written by hand apart from core's tables.

/** A place a debtor can live or have a phone number from, with the truth the checker relies on. */
export interface TruePlace {
  city: string;
  /** How the place is written on an envelope after the street, e.g. `Boston, MA 02108`. */
  lines: readonly string[];
  /** Phone numbers from here (any format the generator may write). */
  phones: readonly string[];
  /** The IANA zone the place is in. */
  zone: string;
  jurisdiction: 'federal' | 'massachusetts' | 'new-york-city';
  /** Years a creditor may sue on a written contract here, where the proof tests it (MA 6, NY 3, CA 4). */
  limitationYears?: number;
  /**
   * A letter the debtor signed acknowledging the debt, sent while the period still ran, starts it
   * again from its day: California Code Civ. Proc. § 360, New York Gen. Oblig. Law § 17-101. Left
   * out for Massachusetts, whose statute text (c. 260, § 13) the proof's author did not read.
   */
  acknowledgmentRestarts?: boolean;
  /** An original creditor must send a validation notice before dunning (MA, NYC, CA). */
  validationRequired?: boolean;
}

export const PLACES: readonly TruePlace[] = [
  {
    city: 'Boston',
    limitationYears: 6,
    validationRequired: true,
    lines: ['Boston, MA 02108', 'Boston MA 02108-1234', 'Boston, Massachusetts', 'Boston, MA 02108, USA'],
    phones: ['(617) 555-0142', '+1 617 555 0142', '617.555.0142'],
    zone: 'America/New_York',
    jurisdiction: 'massachusetts',
  },
  {
    city: 'Worcester',
    limitationYears: 6,
    validationRequired: true,
    lines: ['Worcester, MA 01608'],
    phones: ['508-555-0101'],
    zone: 'America/New_York',
    jurisdiction: 'massachusetts',
  },
  {
    city: 'Springfield MA',
    limitationYears: 6,
    validationRequired: true,
    lines: ['Springfield, MA 01103'],
    phones: ['1-413-555-0199'],
    zone: 'America/New_York',
    jurisdiction: 'massachusetts',
  },
  {
    city: 'Brooklyn',
    limitationYears: 3,
    acknowledgmentRestarts: true,
    validationRequired: true,
    lines: ['Brooklyn, NY 11201', 'Brooklyn, NY', 'Brooklyn, New York 11215'],
    phones: ['(718) 555-0100', '+1 347 555 0100'],
    zone: 'America/New_York',
    jurisdiction: 'new-york-city',
  },
  {
    city: 'Manhattan',
    limitationYears: 3,
    acknowledgmentRestarts: true,
    validationRequired: true,
    lines: ['New York, NY 10001', 'New York, NY 10118'],
    phones: ['212-555-0100', '+1 646 555 0100'],
    zone: 'America/New_York',
    jurisdiction: 'new-york-city',
  },
  {
    city: 'Bronx',
    limitationYears: 3,
    acknowledgmentRestarts: true,
    validationRequired: true,
    lines: ['Bronx, NY 10451'],
    phones: ['718-555-0111'],
    zone: 'America/New_York',
    jurisdiction: 'new-york-city',
  },
  {
    city: 'Staten Island',
    limitationYears: 3,
    acknowledgmentRestarts: true,
    validationRequired: true,
    lines: ['Staten Island, NY 10301'],
    phones: ['718-555-0122'],
    zone: 'America/New_York',
    jurisdiction: 'new-york-city',
  },
  {
    city: 'Flushing',
    limitationYears: 3,
    acknowledgmentRestarts: true,
    validationRequired: true,
    lines: ['Flushing, NY 11354', 'Far Rockaway, NY 11691'],
    phones: ['929-555-0133'],
    zone: 'America/New_York',
    jurisdiction: 'new-york-city',
  },
  {
    city: 'Yonkers',
    limitationYears: 3,
    acknowledgmentRestarts: true,
    lines: ['Yonkers, NY 10701'],
    phones: ['914-555-0144'],
    zone: 'America/New_York',
    jurisdiction: 'federal',
  },
  {
    city: 'Mineola',
    limitationYears: 3,
    acknowledgmentRestarts: true,
    lines: ['Mineola, NY 11501'],
    phones: ['516-555-0155'],
    zone: 'America/New_York',
    jurisdiction: 'federal',
  },
  {
    city: 'Buffalo',
    limitationYears: 3,
    acknowledgmentRestarts: true,
    lines: ['Buffalo, NY 14202'],
    phones: ['716-555-0166'],
    zone: 'America/New_York',
    jurisdiction: 'federal',
  },
  {
    city: 'Los Angeles',
    limitationYears: 4,
    acknowledgmentRestarts: true,
    validationRequired: true,
    lines: ['Los Angeles, CA 90012', 'Los Angeles, California'],
    phones: ['(213) 555-0100', '+1 310 555 0100'],
    zone: 'America/Los_Angeles',
    jurisdiction: 'federal',
  },
  {
    city: 'San Francisco',
    limitationYears: 4,
    acknowledgmentRestarts: true,
    validationRequired: true,
    lines: ['San Francisco, CA 94103'],
    phones: ['415-555-0177'],
    zone: 'America/Los_Angeles',
    jurisdiction: 'federal',
  },
  {
    city: 'Seattle',
    lines: ['Seattle, WA 98101'],
    phones: ['206-555-0188'],
    zone: 'America/Los_Angeles',
    jurisdiction: 'federal',
  },
  {
    city: 'Chicago',
    lines: ['Chicago, IL 60601'],
    phones: ['312-555-0199'],
    zone: 'America/Chicago',
    jurisdiction: 'federal',
  },
  {
    city: 'Houston',
    lines: ['Houston, TX 77002'],
    phones: ['713-555-0100'],
    zone: 'America/Chicago',
    jurisdiction: 'federal',
  },
  {
    city: 'El Paso',
    lines: ['El Paso, TX 79901'],
    phones: ['915-555-0100'],
    zone: 'America/Denver',
    jurisdiction: 'federal',
  },
  {
    city: 'Denver',
    lines: ['Denver, CO 80202'],
    phones: ['303-555-0100'],
    zone: 'America/Denver',
    jurisdiction: 'federal',
  },
  {
    city: 'Phoenix',
    lines: ['Phoenix, AZ 85004'],
    phones: ['602-555-0100'],
    zone: 'America/Phoenix',
    jurisdiction: 'federal',
  },
  {
    city: 'Miami',
    lines: ['Miami, FL 33130'],
    phones: ['305-555-0100'],
    zone: 'America/New_York',
    jurisdiction: 'federal',
  },
  {
    city: 'Pensacola',
    lines: ['Pensacola, FL 32501'],
    phones: ['850-555-0100'],
    zone: 'America/Chicago',
    jurisdiction: 'federal',
  },
  {
    city: 'Nashville',
    lines: ['Nashville, TN 37201'],
    phones: ['615-555-0100'],
    zone: 'America/Chicago',
    jurisdiction: 'federal',
  },
  {
    city: 'Knoxville',
    lines: ['Knoxville, TN 37902'],
    phones: ['865-555-0100'],
    zone: 'America/New_York',
    jurisdiction: 'federal',
  },
  {
    city: 'Boise',
    lines: ['Boise, ID 83702'],
    phones: ['208-555-0100'],
    zone: 'America/Boise',
    jurisdiction: 'federal',
  },
  {
    city: 'Detroit',
    lines: ['Detroit, MI 48226'],
    phones: ['313-555-0100'],
    zone: 'America/Detroit',
    jurisdiction: 'federal',
  },
  {
    city: 'Honolulu',
    lines: ['Honolulu, HI 96813'],
    phones: ['808-555-0100'],
    zone: 'Pacific/Honolulu',
    jurisdiction: 'federal',
  },
  {
    city: 'Anchorage',
    lines: ['Anchorage, AK 99501'],
    phones: ['907-555-0100'],
    zone: 'America/Anchorage',
    jurisdiction: 'federal',
  },
  {
    city: 'Toronto',
    lines: ['Toronto, ON M5V 2T6, Canada', 'Toronto, ON M5V 2T6'],
    phones: ['416-555-0100', '+1 647 555 0100'],
    zone: 'America/Toronto',
    jurisdiction: 'federal',
  },
  {
    city: 'Vancouver',
    lines: ['Vancouver, BC V6B 1A1, Canada'],
    phones: ['604-555-0100'],
    zone: 'America/Vancouver',
    jurisdiction: 'federal',
  },
  {
    city: 'Calgary',
    lines: ['Calgary, AB T2P 1J9'],
    phones: ['403-555-0100'],
    zone: 'America/Edmonton',
    jurisdiction: 'federal',
  },
  {
    city: 'Halifax',
    lines: ['Halifax, NS B3J 1A1, Canada'],
    phones: ['902-555-0100'],
    zone: 'America/Halifax',
    jurisdiction: 'federal',
  },
  {
    city: 'London',
    lines: ['London SW1A 2AA, United Kingdom', 'London, UK'],
    phones: ['+44 20 7946 0100'],
    zone: 'Europe/London',
    jurisdiction: 'federal',
  },
  {
    city: 'Berlin',
    lines: ['10115 Berlin, Germany'],
    phones: ['+49 30 1234567'],
    zone: 'Europe/Berlin',
    jurisdiction: 'federal',
  },
  {
    city: 'Tokyo',
    lines: ['Chiyoda, Tokyo 100-0001, Japan'],
    phones: ['+81 3 1234 5678'],
    zone: 'Asia/Tokyo',
    jurisdiction: 'federal',
  },
];

/** Zones a debtor with nothing on file may really be in (the office is in the US). */
export const HIDDEN_ZONES = [
  'America/New_York',
  'America/Chicago',
  'America/Denver',
  'America/Los_Angeles',
  'America/Phoenix',
];
