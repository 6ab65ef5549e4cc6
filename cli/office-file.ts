// The office's identity and voice for commands that print letters and statements (`--office FILE`):
// a JSON file with the keys of the add-on's Settings, checked with the API's own field rules.
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { DEFAULT_POLICY } from '../core/collections/dunning-policy.js';
import { type OfficeContact, officeIdentityProblems } from '../core/collections/templates.js';
import type { DocumentImage } from '../core/documents/document.js';
import { imageSize, logoProblem, officeOf, templatesProblems } from '../lambdas/services/office-voice.js';
import { officeVoiceFields } from '../lambdas/shared/office-voice-schema.js';
import { DEFAULT_SETTINGS } from '../lambdas/shared/settings.js';

const officeFileSchema = z
  .object({
    officeName: z.string().trim().min(2).max(200),
    officeAddress: z.string().trim().min(5).max(300),
    neutralName: z.string().trim().max(60).optional(),
    handoverTo: z.string().trim().max(200).optional(),
    /** A PNG or JPEG file, relative to the JSON file. */
    logoFile: z.string().min(1).max(500).optional(),
    ...officeVoiceFields(),
  })
  .partial({
    officeEmail: true,
    officePhone: true,
    tradingName: true,
    signature: true,
    paymentInstructions: true,
    footerText: true,
    logo: true,
    templates: true,
  })
  .strict();

/** What an office file gives a command. */
export interface OfficeFile {
  office: OfficeContact;
  logo?: DocumentImage;
  handoverTo?: string;
  templates: Record<string, { subject: string; body: string }>;
}

/** An office file that cannot be used; the message names the file and each field. */
export class OfficeFileError extends Error {
  readonly code = 'CLI.OFFICE_FILE';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OfficeFileError';
  }
}

/** Reads and checks an office file: every field problem by its name, the identity every message needs. */
export async function readOfficeFile(path: string): Promise<OfficeFile> {
  let data: unknown;
  try {
    data = JSON.parse(await readFile(path, 'utf8'));
  } catch (e) {
    throw new OfficeFileError(`--office ${path}: ${e instanceof Error ? e.message : String(e)}`, {
      cause: e,
    });
  }
  const parsed = officeFileSchema.safeParse(data);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(file)'}: ${i.message}`);
    throw new OfficeFileError(`--office ${path}: ${issues.join('; ')}`);
  }
  const file = parsed.data;
  let logo = file.logo ?? undefined;
  if (file.logoFile) {
    const bytes = await readFile(resolve(dirname(path), file.logoFile)).catch((e: unknown) => {
      throw new OfficeFileError(`--office ${path}: logoFile: cannot read ${file.logoFile}`, { cause: e });
    });
    const type = imageSize(bytes)?.type ?? 'image/png';
    logo = { contentType: type, dataBase64: bytes.toString('base64') };
    const problem = logoProblem(logo);
    if (problem) throw new OfficeFileError(`--office ${path}: logoFile: ${file.logoFile} ${problem}`);
  }
  const wording = templatesProblems(file.templates ?? {}, DEFAULT_POLICY);
  if (wording.length > 0)
    throw new OfficeFileError(
      `--office ${path}: ${wording.map((w) => `${w.field}: ${w.message}`).join('; ')}`,
    );
  const templates = Object.fromEntries(
    Object.entries(file.templates ?? {}).filter(
      (e): e is [string, { subject: string; body: string }] => e[1] !== null,
    ),
  );
  const office = officeOf({
    ...DEFAULT_SETTINGS,
    tenantId: 'cli',
    ...file,
    officeEmail: file.officeEmail ?? '',
    logo: undefined,
    templates,
  });
  if (!office.email) delete office.email;
  const problems = officeIdentityProblems(office);
  if (problems.length > 0) throw new OfficeFileError(`--office ${path}: ${problems.join('; ')}`);
  return {
    office,
    ...(logo ? { logo } : {}),
    ...(file.handoverTo ? { handoverTo: file.handoverTo } : {}),
    templates,
  };
}
