import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { encodeQuery, expandTemplate, normalizeSegment, QueryError, TemplateError } from '../../lib/index.js';
import { RUNS } from './runs.js';

const BASE = 'https://api.mch.weixin.qq.com/';

/** Text that favours what breaks URLs: dots, slashes, percent signs, `?`, `#`, backslashes and non-ASCII. */
const hostile = fc.oneof(
  fc.string({ unit: fc.constantFrom('.', '/', '%', '2', 'e', 'E', '?', '#', '\\', 'a', ' ', '粤', '+', '&', '=') , maxLength: 12 }),
  fc.string({ unit: 'grapheme', maxLength: 12 }),
  fc.constantFrom('.', '..', '%2e', '%2E%2e', '.%2e', '...', '', '/', '//'),
);

describe('properties: segment normalisation', () => {
  it('gives no capital letters, and normalising twice changes nothing', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.constantFrom('a', 'B', 'c', 'D', '_', '-', '1', 'V', '/'), maxLength: 16 }), (key) => {
        const once = normalizeSegment(key);
        assert.equal(/[A-Z]/.test(once), false);
        assert.equal(normalizeSegment(once), once);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('properties: URI templates', () => {
  it('`{x}`: no value adds or removes a path segment; the segment decodes back to the value', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        let path: string;
        try {
          path = expandTemplate('v3/a/{x}/b', { x: value });
        } catch (error) {
          assert.ok(error instanceof TemplateError);
          assert.ok(value === '.' || value === '..', `refused ${JSON.stringify(value)}`);
          return;
        }
        const segments = new URL(path, BASE).pathname.split('/');
        assert.equal(segments.length, 5, `${JSON.stringify(value)} → ${path}`);
        assert.equal(decodeURIComponent(segments[3] ?? ''), value);
      }),
      { numRuns: RUNS },
    );
  });

  it('`{+x}`: no value climbs out of the path it was put in', () => {
    fc.assert(
      fc.property(hostile, (value) => {
        let path: string;
        try {
          path = expandTemplate('v3/a/{+x}', { x: value });
        } catch (error) {
          assert.ok(error instanceof TemplateError);
          return;
        }
        assert.ok(new URL(path, BASE).pathname.startsWith('/v3/a/'), `${JSON.stringify(value)} → ${path}`);
      }),
      { numRuns: RUNS },
    );
  });

  it('only own keys are variables: a prototype name is always missing', () => {
    fc.assert(
      fc.property(fc.constantFrom('constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__', 'isPrototypeOf'), (name) => {
        assert.throws(() => expandTemplate(`v3/x/{${name}}/y`, {}), TemplateError);
      }),
      { numRuns: Math.min(RUNS, 1000) },
    );
  });
});

describe('properties: query encoding', () => {
  it('round-trips through URLSearchParams: every key and value comes back as sent', () => {
    const scalar = fc.oneof(fc.string({ unit: 'grapheme', maxLength: 10 }), fc.integer(), fc.boolean());
    fc.assert(
      fc.property(fc.dictionary(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 8 }), scalar, { maxKeys: 6 }), (query) => {
        const parsed = new URLSearchParams(encodeQuery(query));
        const expected = Object.entries(query).map(([key, value]) => [key, value === true ? '1' : value === false ? '0' : String(value)]);
        assert.deepEqual([...parsed.entries()], expected);
      }),
      { numRuns: RUNS },
    );
  });

  it('refuses values with no text form, whatever surrounds them, before anything is sent', () => {
    const bad = fc.constantFrom<unknown>(() => 1, Symbol('s'), Buffer.from('x'), new Date(Number.NaN));
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', minLength: 1, maxLength: 6 }), bad, fc.nat({ max: 3 }), (key, value, depth) => {
        let nested: unknown = value;
        for (let i = 0; i < depth; i += 1) nested = i % 2 === 0 ? [nested] : { k: nested };
        assert.throws(() => encodeQuery({ [key]: nested } as never), QueryError);
      }),
      { numRuns: RUNS },
    );
  });
});
