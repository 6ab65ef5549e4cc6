// The office's deployment parameters: defaults, parsing of `-c` strings, and errors that name the fix.
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { ConfigError, DEFAULTS, readConfig } from '../../infra/config.js';
import { cdkJsonContext } from './synth-stack.js';

const from = (context: Record<string, unknown>) => readConfig((key) => context[key]);

const PRODUCTION = {
  'duebook:production': 'true',
  'duebook:senderAddress': 'billing@smithdental.test',
  'duebook:googleAudiences': '1234567890-abc.apps.googleusercontent.com',
  'duebook:alarmEmail': 'ops@smithdental.test',
  'duebook:officeName': 'Smith Dental PC',
  'duebook:officeAddress': '12 Main St, Springfield, IL 62701',
  // Own-stack mode (issue #17): the office above, its first admin named at deploy.
  'duebook:firstAdmin': 'dana@smithdental.test',
};

describe('config', () => {
  describe('readConfig', () => {
    it('returns the defaults when no context is set', () => {
      const config = from({});
      expect(config).toMatchObject({
        stackName: 'Duebook',
        tenantId: DEFAULTS.tenantId,
        timeZone: 'America/New_York',
        reviewMode: true,
        senderAddress: 'billing@example.com',
        senderIdentity: 'example.com',
        officeEmail: 'billing@example.com',
        manageSenderIdentity: true,
        production: false,
        staffEmails: [],
        corsOrigins: [],
        logRetention: RetentionDays.THREE_MONTHS,
      });
      expect(config.alarmEmail).toBeUndefined();
      expect(config.publicBaseUrl).toBeUndefined();
    });

    it('returns the office identity and voice given on deploy, \\n as a new line', () => {
      const config = from({
        ...PRODUCTION,
        'duebook:tradingName': 'Smith Dental',
        'duebook:officePhone': '+1 217-555-0100',
        'duebook:signature': 'Dana Reyes\\nBilling Manager',
        'duebook:paymentBankTransfer': 'Bank: First Springfield\\nAccount: 000123',
        'duebook:paymentChequePayee': 'Smith Dental PC',
      });
      expect(config.officeVoice).toEqual({
        tradingName: 'Smith Dental',
        officePhone: '+1 217-555-0100',
        signature: 'Dana Reyes\nBilling Manager',
        paymentInstructions: {
          bankTransfer: 'Bank: First Springfield\nAccount: 000123',
          chequePayee: 'Smith Dental PC',
        },
      });
      expect(from(PRODUCTION).officeVoice).toBeUndefined();
    });

    it("returns cdk.json's context as a valid non-production config", () => {
      expect(readConfig((key) => cdkJsonContext()[key]).production).toBe(false);
    });

    it('returns booleans, numbers and lists parsed from -c strings', () => {
      const config = from({
        ...PRODUCTION,
        'duebook:reviewMode': 'false',
        'duebook:sesSendRate': '14',
        'duebook:statementDay': '15',
        'duebook:allowedDomains': 'SmithDental.test, branch.smithdental.test',
        'duebook:googleAudiences': 'a-1.apps.googleusercontent.com,b-2.apps.googleusercontent.com',
        'duebook:logRetentionDays': '365',
        'duebook:publicBaseUrl': 'https://api.smithdental.test/',
      });
      expect(config).toMatchObject({
        production: true,
        reviewMode: false,
        sesSendRate: 14,
        statementDay: 15,
        allowedDomains: ['smithdental.test', 'branch.smithdental.test'],
        googleAudiences: ['a-1.apps.googleusercontent.com', 'b-2.apps.googleusercontent.com'],
        logRetention: RetentionDays.ONE_YEAR,
        publicBaseUrl: 'https://api.smithdental.test',
      });
    });

    it.each([
      ['officeName', undefined, /duebook:officeName.*legal name/],
      ['officeName', 'Billing', /duebook:officeName.*legal name/],
      ['officeAddress', undefined, /duebook:officeAddress.*postal address/],
    ])('throws in production without a real office identity: %s = %s', (key, value, message) => {
      const context: Record<string, unknown> = { ...PRODUCTION, [`duebook:${key}`]: value };
      expect(() => from(context)).toThrow(message);
    });

    it.each([
      ['tenantId', 'Smith Dental', /duebook:tenantId.*not a tenant id/],
      ['timeZone', 'Central', /duebook:timeZone.*IANA/],
      ['timeZone', 'Mars/Olympus', /duebook:timeZone/],
      ['reviewMode', 'yes', /duebook:reviewMode.*true or false/],
      ['senderAddress', 'billing', /duebook:senderAddress.*not an email/],
      ['senderIdentity', 'other.test', /duebook:senderIdentity.*does not cover/],
      ['googleAudiences', 'my-client-id', /duebook:googleAudiences.*OAuth client id/],
      ['statementDay', '31', /duebook:statementDay.*1 to 28/],
      ['sesSendRate', 'fast', /duebook:sesSendRate/],
      ['corsOrigins', 'https://*.googleusercontent.com', /exact https origin/],
      ['logRetentionDays', '100', /duebook:logRetentionDays.*not a CloudWatch Logs retention/],
      ['publicBaseUrl', 'http://api.test', /duebook:publicBaseUrl.*https/],
    ])('throws a ConfigError naming %s when it is %j', (key, value, message) => {
      expect(() => from({ [`duebook:${key}`]: value })).toThrow(ConfigError);
      expect(() => from({ [`duebook:${key}`]: value })).toThrow(message);
    });

    it('returns a subdomain sender covered by its parent domain identity', () => {
      const config = from({
        'duebook:senderAddress': 'ar@mail.office.test',
        'duebook:senderIdentity': 'office.test',
      });
      expect(config.senderIdentity).toBe('office.test');
    });

    it.each([
      ['googleAudiences', { 'duebook:googleAudiences': undefined }, /placeholder/],
      ['senderAddress', { 'duebook:senderAddress': undefined }, /real sender address/],
      ['alarmEmail', { 'duebook:alarmEmail': undefined }, /alarm emails/],
    ])('throws in production while %s is still the placeholder or missing', (_key, override, message) => {
      expect(() => from({ ...PRODUCTION, ...override })).toThrow(message);
    });

    it('returns a production config once every placeholder is replaced', () => {
      expect(from(PRODUCTION).production).toBe(true);
    });
  });
});

describe('config deploy modes', () => {
  describe('readConfig', () => {
    it('returns the multi-office service when no office parameter is given: anyone, default quotas', () => {
      const config = from({});
      expect(config).toMatchObject({
        mode: 'multi-office',
        allowedDomains: [],
        quotas: { apiRequestsPerMinute: 600, rowsStored: 1_000_000, emailsPerDay: 5_000 },
      });
      expect(config.firstAdmin).toBeUndefined();
      expect(readConfig((key) => cdkJsonContext()[key]).mode).toBe('multi-office');
    });

    it("returns own-stack mode once a first admin is named, limited to the admin's domain by default", () => {
      const config = from({ ...PRODUCTION, 'duebook:firstAdmin': 'Dana@SmithDental.test' });
      expect(config).toMatchObject({
        mode: 'own-stack',
        firstAdmin: 'dana@smithdental.test',
        allowedDomains: ['smithdental.test'],
        country: 'US',
      });
    });

    it('returns a production multi-office config without any office identity (each office sets its own)', () => {
      const {
        'duebook:officeName': _n,
        'duebook:officeAddress': _a,
        'duebook:firstAdmin': _f,
        ...service
      } = PRODUCTION;
      expect(from(service)).toMatchObject({ mode: 'multi-office', production: true });
    });

    it('returns the quotas given per deployment, 0 meaning none', () => {
      const config = from({
        'duebook:quotaApiPerMinute': '120',
        'duebook:quotaRows': '0',
        'duebook:quotaEmailsPerDay': 50,
      });
      expect(config.quotas).toEqual({ apiRequestsPerMinute: 120, rowsStored: 0, emailsPerDay: 50 });
    });

    it.each([
      [{ 'duebook:officeName': 'Smith Dental PC' }, /duebook:officeName.*firstAdmin.*multi-office/],
      [{ 'duebook:tenantId': 'smith-dental' }, /duebook:tenantId.*firstAdmin/],
      [{ 'duebook:staffEmails': 'ann@office.test' }, /duebook:staffEmails.*firstAdmin.*Members/],
      [{ 'duebook:firstAdmin': 'dana' }, /duebook:firstAdmin.*not an email/],
      [
        { 'duebook:firstAdmin': 'dana@smithdental.test', 'duebook:allowedDomains': 'other.test' },
        /duebook:allowedDomains.*first admin/,
      ],
      [{ 'duebook:allowedDomains': '@smith' }, /duebook:allowedDomains.*not a domain/],
      [{ 'duebook:quotaRows': '-5' }, /duebook:quotaRows/],
      [{ 'duebook:firstAdmin': 'dana@smithdental.test', 'duebook:country': 'USA' }, /duebook:country/],
    ])('throws a ConfigError naming the key for %j', (context, message) => {
      expect(() => from(context)).toThrow(ConfigError);
      expect(() => from(context)).toThrow(message);
    });
  });
});
