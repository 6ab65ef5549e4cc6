// One rule for every command that writes a file it made (statement, appeal, report, hand-over
// packet): never overwrite; when a file is there, say which one and what to do, and write nothing.
import { access, mkdir, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';

/** A file the command would write is already there; nothing was written. */
export class OutputExistsError extends Error {
  override name = 'OutputExistsError';
  readonly code = 'CLI.OUTPUT_EXISTS';
  constructor(readonly path: string) {
    super(`${path} already exists; nothing written (choose another --out, or move the file away first)`);
  }
}

async function exists(path: string): Promise<boolean> {
  try {
    await access(path);
    return true;
  } catch {
    return false;
  }
}

/** Throws `OutputExistsError` for the first of `paths` that exists. Check before heavy work. */
export async function refuseExisting(paths: readonly string[]): Promise<void> {
  for (const p of paths) if (await exists(p)) throw new OutputExistsError(p);
}

/**
 * Writes new files, creating their folders: none at all when any is already there
 * (`OutputExistsError`). Other I/O errors are thrown as they come.
 *
 * @example await writeNewFiles([{ path: 'out/report.pdf', bytes }])
 */
export async function writeNewFiles(
  files: readonly { path: string; bytes: Uint8Array | string }[],
): Promise<void> {
  await refuseExisting(files.map((f) => f.path));
  for (const f of files) {
    await mkdir(dirname(f.path), { recursive: true });
    try {
      // 'wx' fails rather than overwrite a file that appeared since the check.
      await writeFile(f.path, f.bytes, { flag: 'wx' });
    } catch (e) {
      if ((e as { code?: string }).code === 'EEXIST') throw new OutputExistsError(f.path);
      throw e;
    }
  }
}
