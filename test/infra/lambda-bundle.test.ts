// The bundler's rewrite of the AWS SDK's imports into require() calls (sdkImportsAsRequire): each
// statement keeps its length, so every other character stays where the source map says it is.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { sdkImportsAsRequire } from '../../infra/constructs/lambda-bundle.js';

describe('sdkImportsAsRequire', () => {
  it('returns the SDK required under the same names, each statement as long as it was', () => {
    const code =
      'var a=1;import{GetCommand as Ce,PutCommand as et}from"@aws-sdk/lib-dynamodb";function f(){return Ce}' +
      'import{DynamoDBClient as _r}from"@aws-sdk/client-dynamodb";import{x as y}from"./chunk.mjs";';
    const out = sdkImportsAsRequire(code);
    expect(out.length).toBe(code.length);
    expect(out).toContain('var{GetCommand:Ce,PutCommand:et}=require("@aws-sdk/lib-dynamodb");');
    expect(out).toContain('var{DynamoDBClient:_r}=require("@aws-sdk/client-dynamodb");');
    // Not the SDK: left as it is.
    expect(out).toContain('import{x as y}from"./chunk.mjs";');
    expect(out.startsWith('var a=1;')).toBe(true);
    expect(out.indexOf('function f(){return Ce}')).toBe(code.indexOf('function f(){return Ce}'));
  });

  it('returns an import it cannot rewrite in place as it was: unrenamed, default, quoted, over lines', () => {
    for (const statement of [
      'import{SendEmailCommand}from"@aws-sdk/client-sesv2";',
      'import{default as d,S as s}from"@aws-sdk/client-s3";',
      'import{"x-y" as z,S as s,T as t}from"@aws-sdk/client-s3";',
      'import{\n  S as s,\n  T as t\n}from"@aws-sdk/client-s3";',
    ])
      expect(sdkImportsAsRequire(`a();${statement}b();`)).toBe(`a();${statement}b();`);
  });

  it('changes nothing outside the statements it rewrites, for any code around them', () => {
    const name = fc.stringMatching(/^[A-Za-z_$][\w$]{0,12}$/);
    const statement = fc
      .tuple(
        fc.array(fc.tuple(name, fc.option(name, { nil: undefined })), { minLength: 1, maxLength: 5 }),
        name,
      )
      .map(
        ([bindings, pkg]) =>
          `import{${bindings.map(([n, local]) => (local ? `${n} as ${local}` : n)).join(',')}}from"@aws-sdk/${pkg}";`,
      );
    const filler = fc.string({ maxLength: 30 }).map((s) => s.replace(/import/g, 'imp'));
    fc.assert(
      fc.property(fc.array(fc.tuple(filler, statement), { maxLength: 6 }), filler, (parts, tail) => {
        const code = parts.map(([f, s]) => f + s).join('') + tail;
        const out = sdkImportsAsRequire(code);
        expect(out.length).toBe(code.length);
        let at = 0;
        for (const [f, s] of parts) {
          expect(out.slice(at, at + f.length)).toBe(f);
          at += f.length;
          const written = out.slice(at, at + s.length);
          if (written !== s) {
            // Rewritten: a require of the same package, the same bindings, then spaces.
            expect(written).toMatch(/^var\{[^}]*\}=require\("@aws-sdk\/[^"]+"\); *$/);
            expect(written).toContain(s.slice(s.indexOf('from"') + 'from'.length, -1));
          }
          at += s.length;
        }
        expect(out.slice(at)).toBe(tail);
      }),
      { numRuns: 500 },
    );
  });
});
