// zod's smaller build (`zod/mini`, functions instead of methods) for every schema in lambdas/: the
// API's request bodies and the handlers' events (about 20-30 KB in a bundle where the classic build
// is about 90). Its issues are worded by the English locale, as the classic build's are, so every
// message stays the same; a chain of methods becomes `.check()` with the same checks in the same
// order (test/lambdas/api/schema-wording.test.ts). Import it as a namespace (`import * as z`), so
// the bundler keeps only the functions used.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
