import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { parse } from 'yaml';
import { ROOT, STRICT, MODULE_MODES, consumerProject, typecheck } from '../helpers/consumer.js';
import { typegenCommand } from '../../lib/cli/commands/typegen.js';
import { TypegenError } from '../../lib/errors/typegen-error.js';
import { augmentationFile } from '../../lib/typegen/generate.js';
import { fileReader, rootFiles } from '../../lib/typegen/load.js';
import type { ApiModel } from '../../lib/typegen/model.js';
import { readDescriptions } from '../../lib/typegen/read-description.js';
import { memoryIo } from '../cli/helpers.js';

const FIXTURES = join(ROOT, 'spec', 'fixtures', 'typegen');
const read = fileReader(parse);
const scratch = mkdtempSync(join(tmpdir(), 'wxpay-typegen-'));
after(() => rmSync(scratch, { recursive: true, force: true }));

function model(file: string): ApiModel {
  return readDescriptions([join(FIXTURES, file)], read, { source: file, strict: true });
}

function failure(run: () => unknown): TypegenError {
  try {
    run();
  } catch (error) {
    assert.ok(error instanceof TypegenError, String(error));
    return error;
  }
  assert.fail('should throw a TypegenError');
}

describe('typegen reads Swagger 2 and OpenAPI 3', () => {
  it('Swagger 2: basePath, $refs in both styles and across files, parameters, body, answers, labels', () => {
    const api = model('swagger2/api.yaml');
    assert.deepEqual(api.operations.map((op) => `${op.method} ${op.path}`), ['get v3/pet-shop/pets', 'post v3/pet-shop/pets', 'delete v3/pet-shop/pets/{pet_id}']);
    const post = api.operations[1];
    assert.deepEqual([post.title, post.links, post.v2], ['新增宠物', ['https://example.com/docs/pets'], false]);
    assert.deepEqual(post.parameters, [{ in: 'header', name: 'Idempotency-Key', required: true, schema: { label: '幂等键' } }]);
    assert.deepEqual(post.body, { schema: { ref: 'NewPet' }, required: true });
    assert.deepEqual(post.response, { ref: 'Pet' });
    assert.deepEqual(Object.keys(api.schemas), ['NewPet', 'Owned', 'Owner', 'Pet']);
    assert.deepEqual(api.schemas.NewPet, {
      type: 'object',
      properties: { name: { label: '名字', type: 'string' }, kind: { type: 'string', enum: ['CAT', 'DOG'] }, owner: { ref: 'Owner' } },
      required: ['name', 'kind'],
    });
    assert.deepEqual(api.schemas.Pet?.allOf?.[0], { ref: 'Owned' });
    assert.deepEqual(api.schemas.Owned?.properties?.owner, { ref: 'Owner' });
    const get = api.operations[0];
    assert.deepEqual(get.parameters.map((p) => [p.in, p.name, p.required, p.schema.type, p.schema.enum]), [
      ['query', 'kind', false, 'string', ['CAT', 'DOG']],
      ['query', 'limit', true, 'integer', undefined],
    ]);
    assert.deepEqual(get.response, { type: 'object', properties: { data: { type: 'array', items: { ref: 'Pet' } } }, required: ['data'] });
  });

  it('OpenAPI 3: components, requestBody, content, path-level parameters, nullable, oneOf', () => {
    const api = model('openapi3.json');
    const [redeem] = api.operations;
    assert.equal(api.operations.length, 1);
    assert.deepEqual([redeem?.method, redeem?.path, redeem?.body, redeem?.response], ['post', 'v3/gift-cards/{card_no}/redeem', { schema: { ref: 'Redeem' }, required: true }, { ref: 'Card' }]);
    assert.deepEqual(redeem?.parameters, [{ in: 'path', name: 'card_no', required: true, schema: { type: 'string' } }]);
    assert.deepEqual(api.schemas.Redeem?.properties?.note, { type: 'string', nullable: true });
    assert.deepEqual(api.schemas.Card?.properties?.holder?.oneOf?.length, 2);
  });

  it('errors name the file and the construct', () => {
    const broken = failure(() => model('broken-ref.json'));
    assert.equal(broken.file, join(FIXTURES, 'broken-ref.json'));
    assert.equal(broken.construct, '#/paths/~1v3~1a/get/responses/200/schema');
    assert.match(broken.message, /broken-ref\.json #\/paths\/~1v3~1a\/get\/responses\/200\/schema: The reference "#\/definitions\/Missing" leads nowhere/);
    const badType = failure(() => model('bad-type.json'));
    assert.equal(badType.construct, '#/paths/~1v3~1a/post/parameters/0/schema/properties/n/type');
    assert.match(badType.message, /unknown type "int8"/);
    assert.match(failure(() => model('not-swagger.json')).message, /not-swagger\.json: is neither Swagger 2\.0 .* nor OpenAPI 3/);
    assert.match(failure(() => fileReader(undefined)(join(FIXTURES, 'swagger2', 'api.yaml'))).message, /api\.yaml: is YAML: install the `yaml` package/);
    assert.match(failure(() => read(join(FIXTURES, 'nowhere.json'))).message, /nowhere\.json: cannot be read \(ENOENT\)/);
    assert.match(failure(() => rootFiles(join(FIXTURES, 'swagger2', 'nothing'), read)).message, /does not exist/);
  });

  it('a folder is every description at its top; shared files are read through $refs', () => {
    assert.deepEqual(rootFiles(join(FIXTURES, 'swagger2'), read), [join(FIXTURES, 'swagger2', 'api.yaml')]);
  });
});

describe('wxpay typegen output merges into the chain', () => {
  it('the declarations type the paths on the property chain, chain() and brackets, under strict flags', () => {
    const declarations = augmentationFile(model('swagger2/api.yaml'), 'wxpay typegen from api.yaml', 'wechatpay-ts')
      + augmentationFile(model('openapi3.json'), 'x', 'wechatpay-ts').replace(/^\/\/.*\n/, '').replace(/^import.*\n/m, '').replace(/^export \{\};\n/m, '').replace(/\$schemas/g, '$schemas2');
    const source = `/// <reference path="./api.d.ts" />
import type { Root } from 'wechatpay-ts';
export async function calls(wxpay: Root): Promise<unknown[]> {
  const pets = await wxpay.v3.petShop.pets.get({ query: { limit: 10, kind: 'CAT' } });
  const first: number | undefined = pets.json().data[0]?.id;
  const made = await wxpay['v3/pet-shop/pets'].post({ json: { name: 'Tom', kind: 'CAT', owner: { openid: 'o1' } }, headers: { 'Idempotency-Key': 'k1' } });
  const city: string | undefined = made.json().owner?.address?.city;
  await wxpay.chain('v3/pet-shop/pets/{pet_id}').delete({ pet_id: 'p1' });
  await wxpay.v3.petShop.pets._pet_id_.deleteAsync({ pet_id: 'p1' }).wait();
  const card = await wxpay.v3.giftCards['{card_no}'].redeem.post({ card_no: 'c1', json: { amount: 100, note: null } });
  const state: 'ACTIVE' | 'USED' = card.json().state;
  const catalogue = await wxpay.v3.pay.transactions.outTradeNo._out_trade_no_.get({ out_trade_no: 'o', query: { mchid: '1' } });
  // @ts-expect-error a value outside the enum
  await wxpay.v3.petShop.pets.get({ query: { limit: 1, kind: 'BIRD' } });
  // @ts-expect-error a missing required query parameter
  await wxpay.v3.petShop.pets.get({ query: { kind: 'CAT' } });
  // @ts-expect-error a missing required header
  await wxpay.v3.petShop.pets.post({ json: { name: 'Tom', kind: 'CAT' } });
  // @ts-expect-error a nested required field is missing
  await wxpay.v3.petShop.pets.post({ json: { name: 'Tom', kind: 'DOG', owner: {} }, headers: { 'Idempotency-Key': 'k' } });
  // @ts-expect-error a verb the path does not have
  await wxpay.v3.petShop.pets._pet_id_.get({ pet_id: 'p1' });
  // @ts-expect-error a missing path variable
  await wxpay.v3.giftCards._card_no_.redeem.post({ json: { amount: 1 } });
  return [first, city, state, catalogue.json().trade_state];
}
`;
    const dir = consumerProject(join(scratch, 'consumer'), ROOT, source, { ...MODULE_MODES.nodenext, ...STRICT });
    writeFileSync(join(dir, 'api.d.ts'), declarations);
    const result = typecheck(dir);
    assert.deepEqual(result.errors, []);
    assert.equal(result.status, 0);
  });

  it('wxpay typegen writes the file, and reports an unreadable description with exit code 2', async () => {
    const { io, stderr } = memoryIo({ cwd: FIXTURES });
    const code = await typegenCommand.run({ values: { output: join(scratch, 'out.d.ts') }, positionals: ['openapi3.json'] }, io);
    assert.equal(code, 0);
    const text = readFileSync(join(scratch, 'out.d.ts'), 'utf8');
    assert.match(text, /^\/\/ Generated by wxpay typegen from openapi3\.json: do not edit\./);
    assert.match(text, /"v3\/gift-cards\/\{card_no\}\/redeem": \{/);
    assert.match(stderr(), /1 operation\(s\) typed/);
    const failing = memoryIo({ cwd: FIXTURES });
    assert.equal(await typegenCommand.run({ values: {}, positionals: ['broken-ref.json'] }, failing.io), 2);
    assert.match(failing.stderr(), /broken-ref\.json #\/paths\/~1v3~1a\/get\/responses\/200\/schema: The reference "#\/definitions\/Missing" leads nowhere/);
  });
});
