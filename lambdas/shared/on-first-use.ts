// A value made the first time it is asked for, not when its module loads (SDK clients, schemas).

/** `make()` the first time the returned function is called; the same value every time after. */
export function onFirstUse<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => {
    made ??= { value: make() };
    return made.value;
  };
}
