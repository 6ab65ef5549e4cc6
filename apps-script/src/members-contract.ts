// What the add-on's pages and server say to each other about offices, members, API keys and the
// audit trail (issue #17); ServerApi in contract.ts lists the functions.

export const MEMBER_ROLES = ['admin', 'clerk', 'read-only'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

/** Who is signed in and their office (`GET /v1/me`); `office: null` until they create or join one. */
export interface OfficeStatus {
  email: string;
  office: { tenantId: string; name: string; country: string; timeZone: string; role: MemberRole } | null;
  /** Whether this account may create an office here (the deployment's allowed domains). */
  canCreateOffice: boolean;
  /** The backend's sentence for an account with no office. */
  message?: string;
}

/** "Create an office" in the sidebar. */
export interface NewOffice {
  name: string;
  timeZone: string;
  /** ISO 3166 two-letter code, e.g. US. */
  country: string;
}

export interface MemberView {
  email: string;
  role: MemberRole;
  status: 'active' | 'invited';
  addedAt: string;
  addedBy: string;
}

export interface ApiKeyView {
  id: string;
  name: string;
  createdAt: string;
  createdBy: string;
  lastUsedAt?: string;
}

export interface AuditView {
  at: string;
  by: string;
  action: string;
  target: string;
  detail?: Record<string, unknown>;
}

/** The Members dialog's content, read in one round of requests. */
export interface MembersOverview {
  you: string;
  members: MemberView[];
  keys: ApiKeyView[];
  audit: AuditView[];
  /** Right after a key is created: its secret, shown once. */
  newKey?: { name: string; secret: string };
}
