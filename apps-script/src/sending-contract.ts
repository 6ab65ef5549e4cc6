// What the Settings page's Sending section and the server say to each other (issue #17): the
// office's sending domain, the DNS records to publish, its verification, its standing as a sender
// and the admin's resume. ServerApi in contract.ts lists the functions.

export type DomainStatus = 'none' | 'pending' | 'verified' | 'failed';

/** One DNS record the office publishes for SES's Easy DKIM. */
export interface DnsRecord {
  type: string;
  name: string;
  value: string;
}

export interface SendingView {
  /** An admin verifies a domain and resumes sending; everyone else sees the standing only. */
  canManage: boolean;
  domain: {
    name: string;
    fromAddress: string;
    status: DomainStatus;
    records: DnsRecord[];
    checkedAt?: string;
  } | null;
  /** The From and Reply-To messages go out with now. */
  sender: { from: string; replyTo: string; via: 'office-domain' | 'service-domain' };
  standing: 'active' | 'warning' | 'paused';
  /** Over the last 30 days: sends, bounces, complaints and the two rates (0..1). */
  rates: {
    windowFrom: string;
    sends: number;
    bounces: number;
    complaints: number;
    complaintRate: number;
    bounceRate: number;
  };
  /** Below this many sends in the window the rates are shown but never acted on. */
  minSendsForAction: number;
  /** The lines SES draws (warning and pause), as rates. */
  lines: { complaintWarning: number; complaintPause: number; bounceWarning: number; bouncePause: number };
  pause?: { at: string; reason: string };
  warning?: { at: string; reason: string };
  resumed?: { at: string; by: string; note: string };
  /** What an admin does before resuming a paused office. */
  resumeHow?: string;
  /** After "Verify a domain": the backend's sentence on what to publish. */
  publish?: string;
}
