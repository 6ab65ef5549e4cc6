// The office's last admin under two demotions at once (lambdas/store/member-store.ts): each change
// checks the office's version in its transaction, and the roster it counted admins in must be read
// after that version, or a change that commits in between is missed. Observed: under load, two
// admins demoting each other left an office without one (test/lambdas/api/offices.test.ts).
import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_SETTINGS } from '../../../lambdas/shared/settings.js';
import { MemberStore, MemberStoreError } from '../../../lambdas/store/member-store.js';
import { useLocalTable } from '../../support/local-table.js';

const TABLE = 'member-race';
const local = useLocalTable(TABLE);
const NOW = new Date('2026-12-05T09:00:00Z');
const ANA = 'ana@harbor.example';
const BEN = 'ben@harbor.example';

/**
 * `doc` whose GetCommands wait until `open()`; `settled()` resolves once every other command sent
 * so far has its answer.
 */
function gatedClient(doc: DynamoDBDocumentClient) {
  let open!: () => void;
  const gate = new Promise<void>((resolve) => {
    open = resolve;
  });
  const inFlight: Promise<unknown>[] = [];
  let getAsked!: () => void;
  const asked = new Promise<void>((resolve) => {
    getAsked = resolve;
  });
  const client = Object.create(doc) as DynamoDBDocumentClient;
  (client as unknown as { send: (c: { constructor: { name: string } }) => Promise<unknown> }).send = (c) => {
    const send = () => (doc.send as (c: unknown) => Promise<unknown>)(c);
    if (c.constructor.name === 'GetCommand') {
      getAsked();
      return gate.then(send);
    }
    const p = send();
    inFlight.push(p.catch(() => undefined));
    return p;
  };
  return { client, open, getAsked: asked, settled: () => Promise.all(inFlight) };
}

describe('MemberStore.setRole', () => {
  let store: MemberStore;
  const tenantId = 'harbor-race';

  beforeAll(async () => {
    store = new MemberStore(local.doc, TABLE);
    await store.createOffice({
      office: {
        tenantId,
        name: 'Harbor Dental',
        country: 'US',
        timeZone: 'America/New_York',
        createdAt: NOW.toISOString(),
        createdBy: ANA,
      },
      settings: { tenantId, ...DEFAULT_SETTINGS, officeName: 'Harbor Dental', officeEmail: ANA },
      nameClaim: { scope: 'US', name: 'harbor dental race' },
      email: ANA,
    });
    await store.invite(tenantId, BEN, 'admin', ANA, NOW);
    await store.acceptInvitation(BEN, NOW);
  });

  it('never leaves the office without an admin when a demotion commits between the reads of another', async () => {
    const admins = async () =>
      (await store.roster(tenantId))
        .filter((m) => m.role === 'admin' && m.status === 'active')
        .map((m) => m.email);
    expect((await admins()).sort()).toEqual([ANA, BEN]);
    // Ben demotes Ana; his read of the office's version waits while Ana demotes Ben.
    const gated = gatedClient(local.doc);
    const bens = new MemberStore(gated.client, TABLE).setRole(tenantId, ANA, 'clerk', BEN, NOW).then(
      () => 'changed',
      (e: unknown) => (e instanceof MemberStoreError ? e.code : `unexpected: ${String(e)}`),
    );
    await gated.getAsked;
    await gated.settled();
    await store.setRole(tenantId, BEN, 'clerk', ANA, NOW);
    gated.open();
    // Assess: Ben's change is refused (Ana is now the last admin), and the office keeps one.
    expect(await bens).toBe('last-admin');
    expect(await admins()).toEqual([ANA]);
  });
});
