// zod's smaller build (`zod/mini`, functions instead of methods) for the event parsing of the handlers
// that have no API schemas (tick, daily-run, replies, ses-events): a few KB in their bundles where
// the classic build is about 90. Its issues are worded by the English locale, as the classic
// build's are, so every message stays the same. Import it as a namespace (`import * as z`), so the
// bundler keeps only the functions used.
import { config } from 'zod/mini';
import en from 'zod/v4/locales/en.js';

config(en());

export * from 'zod/mini';
