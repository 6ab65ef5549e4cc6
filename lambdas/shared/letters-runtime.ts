// Production wiring of letter storage, for the two handlers that keep letters (api, daily-run); kept
// apart from runtime-ledger.ts so the sender and ses-events never load the S3 client. The client is
// made, and @aws-sdk/client-s3 loaded, with the first letter kept or read (sdk-on-demand.ts): most
// events of either handler store none.
import { createS3LetterStorage, type LetterStorage } from './letter-storage.js';
import { onFirstUse } from './on-first-use.js';
import { env } from './runtime-env.js';
import { s3Package } from './sdk-on-demand.js';

if (!env.lettersBucket) throw new Error('environment variable LETTERS_BUCKET is not set');

export const letters: LetterStorage = createS3LetterStorage(
  onFirstUse(() => new (s3Package().S3Client)({ region: env.region })),
  env.lettersBucket,
);
