// The built add-on's Settings on the server side, against the stand-in backend: the Backend URL is
// the installer's and admins' alone (hidden from clerks, never changed by their save), and the
// ledger's number format, card payments and the debtor's page limits go to POST /v1/settings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Result, SavedSettings, Settings } from '../../apps-script/src/contract.js';
import { DEFAULT_LADDER } from '../../core/collections/dunning-policy.js';
import { type BuiltBundle, buildBundle, type LoadedAddon, loadAddon } from './addon-harness.js';
import { createStandIn, type StandInOptions } from './stand-in-backend.js';

let bundle: BuiltBundle;
const loaded: LoadedAddon[] = [];

beforeAll(async () => {
  bundle = await buildBundle({ skipUi: true, backendUrl: 'https://api.test' });
}, 60_000);

afterAll(async () => {
  await Promise.all(loaded.map((a) => a.gas.close()));
});

/** A sheet set up by `installer` (when given), opened by `email`. */
function sheet(email: string, opts: StandInOptions & { installer?: string; admins?: string } = {}) {
  const standIn = createStandIn(opts);
  const a = loadAddon(bundle, { backend: (r) => standIn.handle(r), email });
  loaded.push(a);
  a.gas.identityToken = 'stand-in-token';
  a.gas.documentProperties.set('duebook.settings', JSON.stringify({ backendUrl: 'https://api.test' }));
  if (opts.installer) a.gas.documentProperties.set('duebook.installer', opts.installer);
  if (opts.admins) a.gas.scriptProperties.set('DUEBOOK_ADMINS', opts.admins);
  return { a, standIn };
}

const input = (over: Partial<Settings> = {}): Settings => ({
  backendUrl: 'https://api.test',
  reviewMode: true,
  timeZone: 'America/Chicago',
  contactPreset: 'federal',
  ladder: DEFAULT_LADDER.stages.map((s) => ({
    stage: s.id,
    daysPastDue: s.daysPastDue,
    channel: s.channels[0]!,
  })),
  handoverTo: '',
  retentionDays: 400,
  ...over,
});

function expectOk<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.kind}: ${result.error.message}`);
  return result.value;
}

describe('apps-script/settings-admin', () => {
  describe('getSettings and saveSettings', () => {
    it('shows the Backend URL to the installer and to the admins the deployment names, never to a clerk', () => {
      const installer = sheet('owner@office.example', { installer: 'owner@office.example' });
      const admin = sheet('it@office.example', {
        installer: 'owner@office.example',
        admins: 'x@y.example, IT@office.example',
      });
      const clerk = sheet('clerk@office.example', {
        installer: 'owner@office.example',
        admins: 'it@office.example',
      });
      const get = (s: ReturnType<typeof sheet>) => expectOk(s.a.call<Result<Settings>>('getSettings'));
      expect(get(installer)).toMatchObject({ backendUrl: 'https://api.test', canEditBackendUrl: true });
      expect(get(admin)).toMatchObject({ backendUrl: 'https://api.test', canEditBackendUrl: true });
      expect(get(clerk)).toMatchObject({ backendUrl: '', canEditBackendUrl: false });
    });

    it("keeps the backend address when a clerk saves, whatever the page sent, and saves the clerk's other settings", () => {
      const { a, standIn } = sheet('clerk@office.example', { installer: 'owner@office.example' });
      const saved = expectOk(
        a.call<Result<SavedSettings>>(
          'saveSettings',
          input({ backendUrl: 'https://evil.example', reviewMode: false }),
        ),
      );
      expect(saved).toMatchObject({ backendUrl: '', canEditBackendUrl: false, reviewMode: false });
      expect(JSON.parse(a.gas.documentProperties.get('duebook.settings')!).backendUrl).toBe(
        'https://api.test',
      );
      expect(standIn.settingsBodies).toHaveLength(1);
    });

    it('records whoever sets up the ledger as the installer, once', () => {
      const { a } = sheet('owner@office.example');
      a.call('menuSetupLedger');
      expect(a.gas.documentProperties.get('duebook.installer')).toBe('owner@office.example');
      const clerk = sheet('clerk@office.example', { installer: 'owner@office.example' });
      clerk.a.call('menuSetupLedger');
      expect(clerk.a.gas.documentProperties.get('duebook.installer')).toBe('owner@office.example');
    });
  });
});

describe('apps-script/settings-office-fields', () => {
  describe('saveSettings', () => {
    it("sends the ledger's number format, card payments and the debtor's page limits, and shows them back", () => {
      const { a, standIn } = sheet('owner@office.example', { installer: 'owner@office.example' });
      standIn.office.paymentsProvider = 'stripe';
      const limits = { promiseMaxDays: 45, planMaxInstallments: 6, planMinInstallmentMinor: 5_000 };
      const saved = expectOk(
        a.call<Result<SavedSettings>>(
          'saveSettings',
          input({ numberFormat: '1.234,56', onlinePayments: false, portalLimits: limits }),
        ),
      );
      expect(standIn.settingsBodies[0]).toMatchObject({
        numberFormat: '1.234,56',
        onlinePayments: false,
        portalLimits: limits,
      });
      expect(saved).toMatchObject({
        numberFormat: '1.234,56',
        onlinePayments: false,
        portalLimits: limits,
        paymentsProvider: 'stripe',
      });
      expect(expectOk(a.call<Result<Settings>>('getSettings'))).toMatchObject({
        numberFormat: '1.234,56',
        portalLimits: limits,
      });
    });

    it('fills the defaults the backend applies when it says nothing, and does not send an unset number format', () => {
      const { a, standIn } = sheet('owner@office.example', { installer: 'owner@office.example' });
      const shown = expectOk(a.call<Result<Settings>>('getSettings'));
      expect(shown).toMatchObject({
        numberFormat: '',
        onlinePayments: true,
        portalLimits: { promiseMaxDays: 30, planMaxInstallments: 12, planMinInstallmentMinor: 2_500 },
      });
      expectOk(a.call<Result<SavedSettings>>('saveSettings', input({ numberFormat: '' })));
      expect('numberFormat' in standIn.settingsBodies[0]!).toBe(false);
    });

    it('returns invalid naming each limit out of bounds, and a number format the ledger cannot read', () => {
      const { a, standIn } = sheet('owner@office.example', { installer: 'owner@office.example' });
      const result = a.call<Result<SavedSettings>>(
        'saveSettings',
        input({
          numberFormat: '1 234,56' as Settings['numberFormat'],
          portalLimits: { promiseMaxDays: 0, planMaxInstallments: 1.5, planMinInstallmentMinor: -1 },
          retentionDays: -1,
        }),
      );
      expect(result.ok).toBe(false);
      const fields = result.ok ? [] : (result.error.fields ?? []).map((f) => f.field);
      expect(fields).toEqual(
        expect.arrayContaining([
          'retentionDays',
          'numberFormat',
          'portalLimits.promiseMaxDays',
          'portalLimits.planMaxInstallments',
          'portalLimits.planMinInstallmentMinor',
        ]),
      );
      expect(standIn.settingsBodies).toEqual([]);
    });
  });
});
