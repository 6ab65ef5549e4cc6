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
        'duebook:staffEmails': 'Ann@Office.test, bob@office.test',
        'duebook:googleAudiences': 'a-1.apps.googleusercontent.com,b-2.apps.googleusercontent.com',
        'duebook:logRetentionDays': '365',
        'duebook:publicBaseUrl': 'https://api.smithdental.test/',
      });
      expect(config).toMatchObject({
        production: true,
        reviewMode: false,
        sesSendRate: 14,
        statementDay: 15,
        staffEmails: ['ann@office.test', 'bob@office.test'],
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
