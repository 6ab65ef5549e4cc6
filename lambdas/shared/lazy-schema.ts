// A request schema built the first time a request is checked against it, not when its module
// loads: the API's cold start would otherwise build every route's schema (about 120 zod
// constructors, a few ms of CPU) before its first request, which uses one or none (most of the
// sidebar's requests are GETs without a body).
//
// The value stands for the schema itself (same type, same answers): every member read, such as
// `safeParse`, builds it on first use and reads it from the built schema. Use it for a schema that
// is parsed with, not one composed into another (zod would walk the stand-in's internals).

import { onFirstUse } from './on-first-use.js';

/** `make()`'s schema, built on first use. */
export function lazySchema<S extends object>(make: () => S): S {
  const schema = onFirstUse(make);
  return new Proxy({} as S, { get: (_target, key) => Reflect.get(schema(), key) });
}
