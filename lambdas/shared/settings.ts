// Tenant settings used until an office saves its own (kept apart so every handler can import it cheaply).
import type { TenantSettings } from '../store/ledger-store.js';

export const DEFAULT_SETTINGS: Omit<TenantSettings, 'tenantId'> = {
  officeName: 'Accounts receivable',
  officeEmail: 'billing@example.com',
  timeZone: 'America/New_York',
  reviewMode: false,
  statementDay: 1,
  sendRatePerSecond: 1,
};
