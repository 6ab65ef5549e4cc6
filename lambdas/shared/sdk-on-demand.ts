// AWS SDK packages that only some events need (S3 for stored letters, SES for the few mails a
// handler other than the sender sends), loaded with require() the first time an event needs them
// instead of with every cold start: loading @aws-sdk/client-s3 alone costs about 35 ms of CPU and
// @aws-sdk/client-sesv2 about 20 (Node 20). require(), not import(): the SDK is CommonJS, and an
// ES import of it also runs Node's CommonJS lexer over it (infra/constructs/lambda-bundle.ts). In
// Lambda the bundle's require finds the runtime's SDK through NODE_PATH.
import { createRequire } from 'node:module';

const requireSdk = createRequire(import.meta.url);

export const s3Package = () => requireSdk('@aws-sdk/client-s3') as typeof import('@aws-sdk/client-s3');

export const sesPackage = () => requireSdk('@aws-sdk/client-sesv2') as typeof import('@aws-sdk/client-sesv2');

/** A client given as itself or as a function that makes it on first use (onFirstUse). */
export type ClientOrMaker<C> = C | (() => C);

export const clientOf = <C extends object>(client: ClientOrMaker<C>): C =>
  typeof client === 'function' ? (client as () => C)() : client;
