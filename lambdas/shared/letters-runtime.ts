// Production wiring of letter storage, for the two handlers that keep letters (api, daily-run); kept
// apart from runtime-ledger.ts so the sender and ses-events never load the S3 client.
import { S3Client } from '@aws-sdk/client-s3';
import { createS3LetterStorage, type LetterStorage } from './letter-storage.js';
import { env } from './runtime-env.js';

if (!env.lettersBucket) throw new Error('environment variable LETTERS_BUCKET is not set');

export const letters: LetterStorage = createS3LetterStorage(
  new S3Client({ region: env.region }),
  env.lettersBucket,
);
