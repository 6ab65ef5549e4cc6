// Tenant settings used until an office saves its own (kept apart so every handler can import it cheaply).
import type { TenantSettings } from '../store/tenant-settings.js';

export const DEFAULT_SETTINGS: Omit<TenantSettings, 'tenantId'> = {
  officeName: 'Accounts receivable',
  officeEmail: 'billing@example.com',
  timeZone: 'America/New_York',
  // As deployed by default (infra/config.ts): a new office reviews every email before it goes out.
  reviewMode: true,
  statementDay: 1,
  sendRatePerSecond: 1,
};
