// The unsubscribe signing key: fetched from Secrets Manager once per cold start, with a clear error
// when it is missing; given directly where no AWS is involved.
import {
  GetSecretValueCommand,
  ResourceNotFoundException,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import type { APIGatewayProxyEventV2 } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { secretLoader, unsubscribeSecretSource } from '../../../lambdas/shared/secret.js';

const ARN = 'arn:aws:secretsmanager:eu-west-1:111111111111:secret:UnsubscribeSecret-AbCdEf';
const KEY = 'k'.repeat(64);

describe('secret', () => {
  const sm = mockClient(SecretsManagerClient);

  beforeEach(() => {
    sm.reset();
  });

  describe('secretLoader', () => {
    it('returns the key from one GetSecretValue however often it is asked', async () => {
      // Prepare
      sm.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: KEY });
      const load = secretLoader({
        arn: ARN,
        client: () => new SecretsManagerClient({ region: 'eu-west-1' }),
      });

      // Act
      const keys = await Promise.all(Array.from({ length: 20 }, () => load()));
      keys.push(await load());

      // Assess
      expect(new Set(keys)).toEqual(new Set([KEY]));
      expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    });

    it('returns a CONFIG.SECRET_MISSING error naming the ARN when the secret does not exist, and tries again later', async () => {
      // Prepare
      sm.on(GetSecretValueCommand)
        .rejectsOnce(
          new ResourceNotFoundException({
            message: "Secrets Manager can't find the specified secret.",
            $metadata: {},
          }),
        )
        .resolves({ SecretString: KEY });
      const load = secretLoader({
        arn: ARN,
        client: () => new SecretsManagerClient({ region: 'eu-west-1' }),
      });

      // Act
      const first = await load().catch((e: unknown) => e);
      const second = await load();

      // Assess
      expect(first).toMatchObject({ name: 'SecretUnavailableError', code: 'CONFIG.SECRET_MISSING' });
      expect((first as Error).message).toContain(ARN);
      expect(second).toBe(KEY);
      expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(2);
    });

    it('returns CONFIG.SECRET_INVALID for an empty or short secret value', async () => {
      sm.on(GetSecretValueCommand).resolves({ SecretString: 'short' });
      const load = secretLoader({
        arn: ARN,
        client: () => new SecretsManagerClient({ region: 'eu-west-1' }),
      });
      await expect(load()).rejects.toMatchObject({ code: 'CONFIG.SECRET_INVALID' });
      await expect(secretLoader({ value: 'short' })()).rejects.toMatchObject({
        code: 'CONFIG.SECRET_INVALID',
      });
    });

    it('returns a directly given key without calling AWS', async () => {
      await expect(secretLoader({ value: KEY })()).resolves.toBe(KEY);
      expect(sm.calls()).toHaveLength(0);
    });
  });

  describe('unsubscribeSecretSource', () => {
    const client = () => new SecretsManagerClient({ region: 'eu-west-1' });

    it('returns the local key first, else the ARN, else a CONFIG.SECRET_UNSET error', () => {
      expect(unsubscribeSecretSource({ unsubscribeSecret: KEY, unsubscribeSecretArn: ARN }, client)).toEqual({
        value: KEY,
      });
      expect(unsubscribeSecretSource({ unsubscribeSecretArn: ARN }, client)).toMatchObject({ arn: ARN });
      expect(() => unsubscribeSecretSource({}, client)).toThrow(
        expect.objectContaining({
          code: 'CONFIG.SECRET_UNSET',
          message: expect.stringContaining('UNSUBSCRIBE_SECRET_ARN'),
        }),
      );
    });
  });

  describe('api handler', () => {
    const saved = { ...process.env };

    afterEach(() => {
      process.env = { ...saved };
      vi.resetModules();
    });

    it('returns answers to many invocations after one secret fetch at cold start', async () => {
      // Prepare: the environment the stack gives the api function (no key, only its ARN).
      Object.assign(process.env, {
        TABLE_NAME: 'duebook-test',
        GOOGLE_AUDIENCES: 'test.apps.googleusercontent.com',
        SES_CONFIGURATION_SET: 'duebook-test',
        SENDER_ADDRESS: 'billing@example.com',
        PUBLIC_BASE_URL: 'https://api.example.com',
        UNSUBSCRIBE_SECRET_ARN: ARN,
        LETTERS_BUCKET: 'duebook-letters-test',
        AWS_REGION: 'eu-west-1',
      });
      delete process.env.UNSUBSCRIBE_SECRET;
      sm.on(GetSecretValueCommand, { SecretId: ARN }).resolves({ SecretString: KEY });
      vi.resetModules();
      const health = {
        rawPath: '/health',
        headers: {},
        requestContext: { http: { method: 'GET' } },
      } as unknown as APIGatewayProxyEventV2;

      // Act
      const { handler } = await import('../../../lambdas/api/handler.js');
      const answers = [];
      for (let i = 0; i < 5; i++) answers.push(await handler(health));

      // Assess
      expect(answers.map((a) => (typeof a === 'object' ? a.statusCode : 0))).toEqual([
        200, 200, 200, 200, 200,
      ]);
      expect(sm.commandCalls(GetSecretValueCommand)).toHaveLength(1);
    });
  });
});
