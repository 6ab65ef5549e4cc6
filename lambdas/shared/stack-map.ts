// Stack traces of the bundled Lambdas, mapped back to the TypeScript sources when an error is
// logged or leaves a handler, from the `.map` file beside each bundle file. Node's own
// `--enable-source-maps` reads and indexes the map of every bundle file at every cold start (about
// 12 ms of CPU for the api on Node 20, 4 on Node 22) for the rare event that fails; here a map is
// read the first time a stack needs it. Frames of files without a map (the SDK, node's own, the
// sources themselves under the tests) are left as they are.
import { readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { fileURLToPath } from 'node:url';

const maps = new Map<string, SourceMap | null>();

function mapOf(file: string): SourceMap | null {
  let map = maps.get(file);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${file}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(file, map);
  }
  return map;
}

/** A frame's place in a bundle file: `file:///var/task/index.mjs:1:2345` or a plain path. */
const FRAME = /((?:file:\/\/)?\/[^\s()]*\.mjs):(\d+):(\d+)/g;

/**
 * `stack` with each frame in a bundle file that has a source map replaced by its place in the
 * sources, named from the repository root (`lambdas/api/app.ts:212:11`).
 */
export function mapStack(stack: string): string {
  return stack.replace(FRAME, (frame, file: string, line: string, column: string) => {
    const map = mapOf(file.startsWith('file://') ? fileURLToPath(file) : file);
    const entry = map?.findEntry(Number(line) - 1, Number(column) - 1);
    if (!entry || !('originalSource' in entry) || !entry.originalSource) return frame;
    // The map names sources relative to the bundle's folder at build time (`../../lambdas/…`).
    const source = entry.originalSource.replace(/^(?:\.\.\/)+/, '');
    return `${source}:${entry.originalLine + 1}:${entry.originalColumn + 1}`;
  });
}

/** `handler` whose errors leave it with their stack mapped (the runtime logs them as they are). */
export function withMappedStacks<A extends unknown[], R>(
  handler: (...args: A) => Promise<R>,
): (...args: A) => Promise<R> {
  return async (...args) => {
    try {
      return await handler(...args);
    } catch (e) {
      if (e instanceof Error && typeof e.stack === 'string') e.stack = mapStack(e.stack);
      throw e;
    }
  };
}
