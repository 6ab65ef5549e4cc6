// Loads a route group's code on its first request (an `import()` esbuild splits into a chunk the
// cold start never reads), once per process.

/** `load` run on the first call and its promise kept; a failed load is tried again next time. */
export function lazyModule<T>(load: () => Promise<T>): () => Promise<T> {
  let made: Promise<T> | undefined;
  return () => {
    made ??= load().catch((e: unknown) => {
      made = undefined;
      throw e;
    });
    return made;
  };
}
