import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { Transformer } from '../../lib/index.js';
import { RUNS } from './runs.js';

/** Characters XML 1.0 may carry, favouring the ones that need escaping or CDATA. */
const text = fc.string({ unit: fc.oneof(fc.constantFrom('<', '>', '&', '"', "'", ']', ']]>', 'a', '粤', ' ', '\n'), fc.string({ unit: 'grapheme', minLength: 1, maxLength: 1 })), maxLength: 20 });
const name = fc.stringMatching(/^[a-z_][a-z0-9_]{0,11}$/);

describe('properties: APIv2 XML', () => {
  it('Transformer.toXml → toArray gives back every field as it was', () => {
    fc.assert(
      fc.property(fc.dictionary(name, text, { maxKeys: 8, noNullPrototype: true }), (data) => {
        assert.deepEqual(Transformer.toArray(Transformer.toXml(data)), { ...data });
      }),
      { numRuns: RUNS },
    );
  });
});
