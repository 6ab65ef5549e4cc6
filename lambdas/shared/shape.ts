// Reading the JSON of an event by hand: each reader checks one member and names it when it is not
// as expected. The Lambdas' event shapes are small; a schema library cost each cold start more than
// all of a handler's own reading (docs/engine.md), so they are read with these instead.

/** A member not as expected: the message names its path and what it should have been. */
export class ShapeError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ShapeError';
  }
}

export type Obj = Record<string, unknown>;

/** `path` joined with `key` (`key` alone at the top). */
export const at = (path: string, key: string) => (path === '' ? key : `${path}.${key}`);

export function object(v: unknown, path: string): Obj {
  if (typeof v !== 'object' || v === null || Array.isArray(v))
    throw new ShapeError(`${path} is not an object`);
  return v as Obj;
}

export function string(v: unknown, path: string): string {
  if (typeof v !== 'string') throw new ShapeError(`${path} is not a string`);
  return v;
}

/** A string of at least one character. */
export function nonEmpty(v: unknown, path: string): string {
  if (string(v, path) === '') throw new ShapeError(`${path} is empty`);
  return v as string;
}

/** One of `values`, compared exactly. */
export function oneOf<const T extends string>(values: readonly T[]) {
  return (v: unknown, path: string): T => {
    if (!values.includes(v as T))
      throw new ShapeError(`${path} is not one of ${values.map((x) => JSON.stringify(x)).join(', ')}`);
    return v as T;
  };
}

export function list<T>(v: unknown, path: string, read: (v: unknown, path: string) => T): T[] {
  if (!Array.isArray(v)) throw new ShapeError(`${path} is not a list`);
  return v.map((x, i) => read(x, `${path}[${i}]`));
}

/** Sets `out[key]` to `read(value)` when `from[key]` is present (not undefined). */
export function optional<T>(
  out: Obj,
  from: Obj,
  key: string,
  path: string,
  read: (v: unknown, path: string) => T,
): void {
  const v = from[key];
  if (v !== undefined) out[key] = read(v, at(path, key));
}
