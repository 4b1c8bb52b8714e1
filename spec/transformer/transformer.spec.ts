import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Transformer } from '../../lib/transformer/index.js';
import { XmlError } from '../../lib/errors/xml-error.js';
import type { XmlErrorReason } from '../../lib/errors/xml-error.js';
import { WechatpayError } from '../../lib/errors/wechatpay-error.js';

/** The APIv2 key the `sign` of the paysuccess, sendredpack and unifiedorder fixtures was made with. */
const FIXTURE_KEY = 'wechatpayTsFixtureApiV2Key000001';

function fixture(name: string): string {
  return readFileSync(new URL(`../fixtures/xml/${name}`, import.meta.url), 'utf8');
}

/** Asserts that `toArray` throws an XmlError with the given reason and returns it. */
function rejects(input: string | Uint8Array, reason: XmlErrorReason): XmlError {
  let caught: unknown;
  try {
    Transformer.toArray(input);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof XmlError, `expected an XmlError, got ${String(caught)}`);
  assert.equal(caught.reason, reason, caught.message);
  return caught;
}

/** APIv2 MD5 signature: ksorted non-empty `k=v` pairs, `&key=`, upper-case hex. */
function md5Sign(data: Record<string, unknown>, key: string): string {
  const pairs = Object.keys(data)
    .filter((name) => name !== 'sign' && data[name] !== '')
    .sort()
    .map((name) => `${name}=${String(data[name])}`);
  return createHash('md5').update(`${pairs.join('&')}&key=${key}`).digest('hex').toUpperCase();
}

describe('Transformer.toArray: T8 vectors', () => {
  it('row 1: @attributes on the root and on elements with children', () => {
    assert.deepEqual(Transformer.toArray('<xml a="r"><a x="1"><b>2</b></a></xml>'), {
      '@attributes': { a: 'r' },
      a: { '@attributes': { x: '1' }, b: '2' },
    });
  });

  it('row 2: empty elements are empty strings and white space inside values is kept', () => {
    assert.deepEqual(Transformer.toArray('<xml><b/><c></c><d> sp </d></xml>'), { b: '', c: '', d: ' sp ' });
  });

  it('row 3: mixed content gives its text', () => {
    assert.deepEqual(Transformer.toArray('<xml><b>1<c>2</c></b></xml>'), { b: '1' });
  });

  it("row 4: '' throws 'empty' (PHP: [] plus a notice)", () => {
    rejects('', 'empty');
  });

  it('row 5: <xml/> gives {}, and so does the default argument', () => {
    assert.deepEqual(Transformer.toArray('<xml/>'), {});
    assert.deepEqual(Transformer.toArray(), {});
  });

  it("row 6: invalid UTF-8 throws 'invalid-utf8' (PHP: [])", () => {
    rejects(Buffer.from([0x3c, 0x78, 0x6d, 0x6c, 0x3e, 0xc3, 0x28, 0x3c, 0x2f, 0x78, 0x6d, 0x6c, 0x3e]), 'invalid-utf8');
  });

  it("row 7: an internal entity throws 'entity' (PHP expands it to \"inner\")", () => {
    rejects('<!DOCTYPE xml [<!ENTITY e "inner">]><xml><a>&e;</a></xml>', 'entity');
    const error = rejects(fixture('internal-entity.xml'), 'entity');
    assert.equal(error.line, 3);
  });

  it("row 8: an external SYSTEM entity throws 'entity' (PHP resolves it to \"\")", () => {
    rejects('<!DOCTYPE xml [<!ENTITY xxe SYSTEM "file:///etc/hostname">]><xml><value>&xxe;</value></xml>', 'entity');
    rejects(fixture('xxe-injection.xml'), 'entity');
  });

  it("row 9: the bad-entity fixture (mismatched tags) throws 'malformed' with a position", () => {
    const error = rejects(fixture('bad-entity.xml'), 'malformed');
    assert.match(error.message, /closing tag <\/title> does not match the open element <titles>/);
    assert.equal(error.line, 4);
    assert.equal(error.column, 41);
  });

  it("row 10: the nginx 404 page throws 'not-xml'", () => {
    const error = rejects(fixture('nginx-404.html'), 'not-xml');
    assert.match(error.message, /HTML page/);
  });

  it('row 11: the fragment-injection fixture parses to a list of payments', () => {
    const result = Transformer.toArray(fixture('fragment-injection.xml'));
    assert.deepEqual(Object.keys(result), ['payment']);
    assert.ok(Array.isArray(result.payment));
    assert.deepEqual(result.payment, [
      { out_trade_no: 'MALLORY2024031500001', openid: 'oMALLORY_ATTACKER_000000001', amount: '1', desc: 'refund for order 1001' },
      { out_trade_no: 'ALICE2024031500001', openid: 'oALICE_VICTIM_00000000000001', amount: '880000', desc: 'salary' },
    ]);
  });
});

describe('Transformer.toArray: hardening', () => {
  it('refuses a DOCTYPE without entities, in any letter case', () => {
    rejects('<!DOCTYPE xml><xml/>', 'doctype');
    rejects('<?xml version="1.0"?>\n<!doctype xml>\n<xml/>', 'doctype');
    rejects('<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>', 'doctype');
  });

  it('refuses entity declarations wherever they appear, in any letter case', () => {
    rejects('<xml><a><![CDATA[<!entity x "y">]]></a></xml>', 'entity');
    rejects('<!ENTITY e "x"><xml/>', 'entity');
  });

  it('refuses billion laughs before any expansion happens', () => {
    const started = performance.now();
    rejects(fixture('billion-laughs.xml'), 'entity');
    assert.ok(performance.now() - started < 1000);
  });

  it('fetches nothing for an external entity', async () => {
    let requests = 0;
    const server = createServer((_request, response) => {
      requests += 1;
      response.end('leaked');
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    try {
      const { port } = server.address() as AddressInfo;
      rejects(`<!DOCTYPE xml [<!ENTITY xxe SYSTEM "http://127.0.0.1:${port}/xxe">]><xml><value>&xxe;</value></xml>`, 'entity');
      await new Promise((resolve) => setTimeout(resolve, 50));
      assert.equal(requests, 0);
    } finally {
      await new Promise((resolve) => server.close(resolve));
    }
  });

  it('refuses empty and blank input', () => {
    rejects('', 'empty');
    rejects(' \r\n\t ', 'empty');
    rejects(Buffer.alloc(0), 'empty');
    rejects('\u0000\u0001', 'empty');
  });

  it('refuses two concatenated documents and anything after the root element', () => {
    rejects(fixture('concatenated-documents.xml'), 'multiple-roots');
    rejects('<xml><a>1</a></xml><xml><a>2</a></xml>', 'multiple-roots');
    rejects('<xml/><xml/>', 'multiple-roots');
    rejects('<xml/>trailing', 'multiple-roots');
    rejects('<xml/><![CDATA[x]]>', 'multiple-roots');
  });

  it('accepts white space, comments and processing instructions around the root element', () => {
    const xml = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- head -->\n<?style x?>\n<xml><a>1</a></xml>\n<!-- tail -->\n';
    assert.deepEqual(Transformer.toArray(xml), { a: '1' });
  });

  it("refuses input that is not XML as 'not-xml'", () => {
    rejects('{"return_code":"FAIL","return_msg":"签名错误"}', 'not-xml');
    rejects('not xml at all', 'not-xml');
    rejects('<?xml version="1.0"?>', 'not-xml');
    rejects('<!-- only a comment -->', 'not-xml');
    rejects('<HTML><BODY>Bad Gateway</BODY></HTML>', 'not-xml');
    rejects('hello<xml/>', 'not-xml');
  });

  const malformed: [string, string][] = [
    ['an unclosed root', '<xml><a>1</a>'],
    ['an unclosed child', '<xml><a>1</xml>'],
    ['mismatched tags', '<xml><a>1</b></xml>'],
    ['a closing tag without opening tag', '<xml></a></xml>'],
    ['a bare ampersand', '<xml><a>AT&T</a></xml>'],
    ['an HTML entity', '<xml><a>&nbsp;</a></xml>'],
    ['a reference to a non-character', '<xml><a>&#0;</a></xml>'],
    ['a reference out of range', '<xml><a>&#x110000;</a></xml>'],
    ['a bare ampersand in an attribute', '<xml a="x&y"/>'],
    ['a duplicate attribute', '<xml><a x="1" x="2">1</a></xml>'],
    ['an unquoted attribute', '<xml><a x=1>1</a></xml>'],
    ['a boolean attribute', '<xml><a checked>1</a></xml>'],
    ["']]>' in text", '<xml><a>x]]>y</a></xml>'],
    ['an unclosed comment', '<xml><!-- a </xml>'],
    ["'--' inside a comment", '<xml><!-- a -- b --></xml>'],
    ['an unclosed CDATA section', '<xml><a><![CDATA[x</a></xml>'],
    ['an unclosed start tag', '<xml><a</xml>'],
    ['a markup declaration', '<xml><!ELEMENT a ANY></xml>'],
    ['an XML declaration inside the root', '<xml><?xml version="1.0"?></xml>'],
    ['an unclosed processing instruction', '<xml><?pi </xml>'],
    ['a tag named __proto__', fixture('proto-tag.xml')],
    ['an attribute named __proto__', '<xml><a __proto__="x"><b>1</b></a></xml>'],
    ['a tag named constructor', '<xml><constructor>1</constructor></xml>'],
    ['nesting deeper than 100 elements', `<xml>${'<a>'.repeat(120)}${'</a>'.repeat(120)}</xml>`],
  ];
  for (const [what, xml] of malformed) {
    it(`refuses ${what} as 'malformed'`, () => {
      rejects(xml, 'malformed');
    });
  }

  it('cannot pollute Object.prototype', () => {
    rejects(fixture('proto-tag.xml'), 'malformed');
    assert.equal(Object.prototype.hasOwnProperty.call(Object.prototype, 'polluted'), false);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('keeps names that fast-xml-parser would otherwise rename (toString, hasOwnProperty, valueOf)', () => {
    const result = Transformer.toArray('<xml><toString>1</toString><toString>2</toString><hasOwnProperty><valueOf>3</valueOf></hasOwnProperty></xml>');
    assert.deepEqual(result, { toString: ['1', '2'], hasOwnProperty: { valueOf: '3' } });
    assert.equal(Object.getPrototypeOf(result), Object.prototype);
  });

  it('reports a position and quotes at most a few dozen characters of the input', () => {
    const error = rejects(`${'x'.repeat(10_000)}<xml/>`, 'not-xml');
    assert.equal(error.line, 1);
    assert.equal(error.column, 1);
    assert.ok(!error.message.includes('x'.repeat(61)));
    assert.ok(error.message.length < 200);
    const long = rejects(`<xml><${'n'.repeat(5_000)}>1</xml>`, 'malformed');
    assert.ok(!long.message.includes('n'.repeat(61)));
  });

  it('throws errors that are WechatpayErrors named XmlError', () => {
    const error = rejects('<xml>', 'malformed');
    assert.ok(error instanceof WechatpayError);
    assert.equal(error.name, 'XmlError');
  });
});

describe('Transformer.toArray: shapes', () => {
  it('never turns values into numbers', () => {
    const id = '4200002024031512345678901';
    assert.equal(id.length, 25);
    const result = Transformer.toArray(`<xml><id>${id}</id><fee>0010</fee><e>1e5</e><h>0x1F</h><b>true</b><n>-0</n></xml>`);
    assert.deepEqual(result, { id, fee: '0010', e: '1e5', h: '0x1F', b: 'true', n: '-0' });
  });

  it('keeps white space, tabs and newlines inside values and drops blank text between elements', () => {
    const result = Transformer.toArray('<xml>\n\t<a>\tx\n y </a>\n\n\t<b>   </b>\n</xml>');
    assert.deepEqual(result, { a: '\tx\n y ', b: '   ' });
  });

  it('normalises CRLF line ends in text as XML requires, but keeps a &#xD; reference', () => {
    assert.deepEqual(Transformer.toArray('<xml><a>1\r\n2</a><b>1&#xD;\n2</b></xml>'), { a: '1\n2', b: '1\r\n2' });
  });

  it('unwraps CDATA, also when it is mixed with text or split in several sections', () => {
    const result = Transformer.toArray('<xml><a><![CDATA[<b>&amp;</b>]]></a><c>x<![CDATA[y]]>z</c><d><![CDATA[]]></d></xml>');
    assert.deepEqual(result, { a: '<b>&amp;</b>', c: 'xyz', d: '' });
  });

  it('decodes the predefined entities and character references in text and attributes', () => {
    const result = Transformer.toArray('<xml q="&quot;&#39;"><a>&lt;&gt;&amp;&apos;&quot;</a><b>&#x4E2D;&#25991;&#x1F600;</b><c><d>1</d></c></xml>');
    assert.deepEqual(result, { '@attributes': { q: '"\'' }, a: `<>&'"`, b: '中文😀', c: { d: '1' } });
  });

  it('turns repeated siblings into lists, keeping objects and strings in document order', () => {
    const result = Transformer.toArray('<xml><a>1</a><b>x</b><a><c>2</c></a><a></a></xml>');
    assert.deepEqual(result, { a: ['1', { c: '2' }, ''], b: 'x' });
  });

  it('nests objects and lists', () => {
    const xml = '<xml><list><item><id>1</id></item><item><id>2</id><tags><tag>a</tag><tag>b</tag></tags></item></list></xml>';
    assert.deepEqual(Transformer.toArray(xml), { list: { item: [{ id: '1' }, { id: '2', tags: { tag: ['a', 'b'] } }] } });
  });

  it('drops attributes on leaves and keeps them on elements with children', () => {
    const result = Transformer.toArray('<xml><a x="1">t</a><b y="2"></b><c z="3"><d>4</d></c></xml>');
    assert.deepEqual(result, { a: 't', b: '', c: { '@attributes': { z: '3' }, d: '4' } });
  });

  it('follows PHP for mixed content: the text when it comes first, otherwise the children', () => {
    assert.deepEqual(Transformer.toArray('<xml><b>1<c>2</c>3</b></xml>'), { b: '13' });
    assert.deepEqual(Transformer.toArray('<xml><b><c>2</c>tail</b></xml>'), { b: { c: '2' } });
    assert.deepEqual(Transformer.toArray('<xml><b>\n  <c>2</c>\n</b></xml>'), { b: { c: '2' } });
  });

  it('ignores text directly inside the root (PHP puts a lone one under key 0)', () => {
    assert.deepEqual(Transformer.toArray('<xml>text<a>1</a></xml>'), { a: '1' });
    assert.deepEqual(Transformer.toArray('<xml>text</xml>'), {});
  });

  it('accepts any root element name', () => {
    assert.deepEqual(Transformer.toArray('<root><a>1</a></root>'), { a: '1' });
  });

  it('accepts a Buffer or Uint8Array, with or without a BOM, and a string with a BOM', () => {
    const xml = '<xml><a>中文</a></xml>';
    assert.deepEqual(Transformer.toArray(Buffer.from(xml)), { a: '中文' });
    assert.deepEqual(Transformer.toArray(new TextEncoder().encode(xml)), { a: '中文' });
    assert.deepEqual(Transformer.toArray(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)])), { a: '中文' });
    assert.deepEqual(Transformer.toArray(`\uFEFF${xml}`), { a: '中文' });
  });

  it('sanitises before parsing, so control characters in values disappear', () => {
    assert.deepEqual(Transformer.toArray('<xml><a>o\u0000k\u0008</a></xml>'), { a: 'ok' });
  });
});

describe('Transformer.toArray: fixtures', () => {
  it('paysuccess-notification: CDATA fields, a bare total_fee, and a signature that still verifies', () => {
    const result = Transformer.toArray(fixture('paysuccess-notification.xml'));
    assert.equal(Object.keys(result).length, 17);
    assert.equal(result.return_code, 'SUCCESS');
    assert.equal(result.attach, '支付测试');
    assert.equal(result.total_fee, '1');
    assert.equal(result.transaction_id, '4200002024031512345678901234');
    assert.equal(result.out_trade_no, '20240315120001000001');
    assert.equal(md5Sign(result, FIXTURE_KEY), result.sign);
  });

  it('refund-req-info: the decrypted document with root <root> and 13 fields', () => {
    const result = Transformer.toArray(fixture('refund-req-info.xml'));
    assert.equal(Object.keys(result).length, 13);
    assert.equal(result.refund_status, 'SUCCESS');
    assert.equal(result.refund_recv_accout, '支付用户零钱');
    assert.equal(result.success_time, '2024-03-15 13:00:12');
    assert.equal(result.refund_id, '50300709362024031512345678901');
  });

  it('sendredpack: blank lines between elements and a URL-encoded risk_info', () => {
    const result = Transformer.toArray(fixture('sendredpack.xml'));
    assert.equal(Object.keys(result).length, 15);
    assert.ok(Object.values(result).every((value) => typeof value === 'string' && value.trim() === value));
    assert.equal(result.risk_info, 'posttime%3D1710475200%26clientversion%3D8.0.47%26mobile%3D13800000000%26deviceid%3Dd1e2f3');
    assert.equal(new URLSearchParams(decodeURIComponent(result.risk_info)).get('clientversion'), '8.0.47');
    assert.equal(result.remark, 'Thanks & enjoy');
    assert.equal(md5Sign(result, FIXTURE_KEY), result.sign);
  });

  it('unifiedorder: detail holds JSON in CDATA', () => {
    const result = Transformer.toArray(fixture('unifiedorder.xml'));
    assert.equal(typeof result.detail, 'string');
    const detail = JSON.parse(String(result.detail));
    assert.equal(detail.cost_price, 2000);
    assert.equal(detail.goods_detail[0].goods_name, '龙井茶 250g');
    assert.equal(detail.goods_detail[1].goods_name, 'Tea "gift" box <large>');
    assert.equal(result.notify_url, 'https://example.com/wechatpay/notify?channel=v2&shop=7');
    assert.equal(md5Sign(result, FIXTURE_KEY), result.sign);
  });

  it('every hostile fixture is refused with the right reason', () => {
    const expected: [string, XmlErrorReason][] = [
      ['xxe-injection.xml', 'entity'],
      ['internal-entity.xml', 'entity'],
      ['billion-laughs.xml', 'entity'],
      ['bad-entity.xml', 'malformed'],
      ['nginx-404.html', 'not-xml'],
      ['concatenated-documents.xml', 'multiple-roots'],
      ['proto-tag.xml', 'malformed'],
    ];
    for (const [name, reason] of expected) rejects(fixture(name), reason);
  });
});

describe('Transformer.sanitize', () => {
  it('removes characters outside the XML Char production', () => {
    assert.equal(Transformer.sanitize('a\u0000b\u0008c\u000Bd\u001Fe\uFFFEf\uFFFFg'), 'abcdefg');
  });

  it('removes lone surrogates but keeps characters beyond the BMP', () => {
    assert.equal(Transformer.sanitize('x\uD800y\uDC00z'), 'xyz');
    assert.equal(Transformer.sanitize('tea 🍵 😀'), 'tea 🍵 😀');
  });

  it('keeps tabs, newlines, carriage returns, Chinese and the private use area', () => {
    const text = '\t\n\r 中文 \uE000 \uFFFD';
    assert.equal(Transformer.sanitize(text), text);
  });

  it('decodes bytes as UTF-8', () => {
    assert.equal(Transformer.sanitize(Buffer.from('中\u0007文')), '中文');
  });

  it("throws 'invalid-utf8' for bytes that are not UTF-8 (PHP returns '')", () => {
    for (const bytes of [[0xff], [0xc3, 0x28], [0xe4, 0xb8], [0xed, 0xa0, 0x80]]) {
      assert.throws(() => Transformer.sanitize(Uint8Array.from(bytes)), (error: unknown) => error instanceof XmlError && error.reason === 'invalid-utf8');
    }
  });
});

describe('Transformer.toXml', () => {
  it('writes the T8 vector exactly', () => {
    const xml = Transformer.toXml({ appid: 'wx1', mch_id: '1230000109', body: 'a&b<c>"d\'', total_fee: 1, flag: true, off: false, nul: null });
    assert.equal(
      xml,
      '<xml><appid>wx1</appid><mch_id>1230000109</mch_id><body><![CDATA[a&b<c>"d\']]></body><total_fee>1</total_fee><flag>1</flag><off></off><nul></nul></xml>',
    );
  });

  it('names list entries, numeric keys and invalid names item (plain objects list integer keys first)', () => {
    const xml = Transformer.toXml({ x: ['1', '2'], 5: 'n', 'bad name': 'v' });
    assert.ok(xml.includes('<x><item>1</item><item>2</item></x>'));
    assert.ok(xml.includes('<item>n</item>'));
    assert.ok(xml.includes('<item>v</item>'));
    assert.equal(xml, '<xml><item>n</item><x><item>1</item><item>2</item></x><item>v</item></xml>');
  });

  it('keeps insertion order with a Map, giving PHP’s output exactly', () => {
    const data = new Map<unknown, unknown>([['x', ['1', '2']], [5, 'n'], ['bad name', 'v']]);
    assert.equal(Transformer.toXml(data), '<xml><x><item>1</item><item>2</item></x><item>n</item><item>v</item></xml>');
  });

  it('applies PHP’s element-name rule', () => {
    const xml = Transformer.toXml({ 商品: '1', _x: '2', 'a.b-c:d': '3', '1a': '4', '': '5', '-a': '6', 'a b': '7', 'a/b': '8' });
    assert.equal(xml, '<xml><商品>1</商品><_x>2</_x><a.b-c:d>3</a.b-c:d><item>4</item><item>5</item><item>6</item><item>7</item><item>8</item></xml>');
  });

  it('prepends the XML declaration when headless is false', () => {
    assert.equal(Transformer.toXml({ a: '1' }, false), '<?xml version="1.0" encoding="UTF-8"?>\n<xml><a>1</a></xml>');
  });

  it('indents with one space per level when indent is true', () => {
    const xml = Transformer.toXml({ a: '1', b: { c: '2', d: ['x', 'y'] }, e: [] }, true, true);
    assert.equal(xml, '<xml>\n <a>1</a>\n <b>\n  <c>2</c>\n  <d>\n   <item>x</item>\n   <item>y</item>\n  </d>\n </b>\n <e></e>\n</xml>\n');
    assert.deepEqual(Transformer.toArray(xml), { a: '1', b: { c: '2', d: { item: ['x', 'y'] } }, e: '' });
  });

  it('uses the root and item names given', () => {
    assert.equal(Transformer.toXml({ a: ['1', '2'] }, true, false, 'qqpay'), '<qqpay><a><item>1</item><item>2</item></a></qqpay>');
    assert.equal(Transformer.toXml(['1', '2'], true, false, 'list', 'entry'), '<list><entry>1</entry><entry>2</entry></list>');
    assert.equal(Transformer.toXml({ a: '1' }, false, true, 'qqpay'), '<?xml version="1.0" encoding="UTF-8"?>\n<qqpay>\n <a>1</a>\n</qqpay>\n');
  });

  it('refuses root and item names that would break the document', () => {
    assert.throws(() => Transformer.toXml({}, true, false, 'bad root'), WechatpayError);
    assert.throws(() => Transformer.toXml({}, true, false, 'xml', '<item>'), WechatpayError);
  });

  it('writes nested arrays and objects', () => {
    const xml = Transformer.toXml({ a: [['1', '2'], { b: '3' }], c: { d: { e: '4' } } });
    assert.equal(xml, '<xml><a><item><item>1</item><item>2</item></item><item><b>3</b></item></a><c><d><e>4</e></d></c></xml>');
  });

  it('writes sets and other iterables like lists', () => {
    function* values(): Generator<string> {
      yield 'g1';
      yield 'g2';
    }
    assert.equal(Transformer.toXml({ s: new Set(['a', 'b']), g: values() }), '<xml><s><item>a</item><item>b</item></s><g><item>g1</item><item>g2</item></g></xml>');
  });

  it('writes scalars as PHP does', () => {
    const xml = Transformer.toXml({ t: true, f: false, n: null, u: undefined, i: 0, d: 1.5, e: 1.50, z: -0.25, big: 12345678901234567890n, s: '' });
    assert.equal(xml, '<xml><t>1</t><f></f><n></n><u></u><i>0</i><d>1.5</d><e>1.5</e><z>-0.25</z><big>12345678901234567890</big><s></s></xml>');
  });

  it('writes objects with their own toString through it (PHP Stringable)', () => {
    class Money {
      constructor(private readonly cents: number) {}
      toString(): string {
        return (this.cents / 100).toFixed(2);
      }
    }
    class Tagged {
      toString(): string {
        return 'a<b';
      }
    }
    const xml = Transformer.toXml({ amount: new Money(1999), tagged: new Tagged(), when: new Date(0), raw: Buffer.from('bytes') });
    assert.equal(xml, `<xml><amount>19.99</amount><tagged><![CDATA[a<b]]></tagged><when>${new Date(0).toString()}</when><raw>bytes</raw></xml>`);
  });

  it('writes objects without their own toString as nested elements', () => {
    class Payer {
      readonly openid = 'o1';
    }
    const bare = Object.assign(Object.create(null) as Record<string, unknown>, { k: 'v' });
    assert.equal(Transformer.toXml({ payer: new Payer(), bare }), '<xml><payer><openid>o1</openid></payer><bare><k>v</k></bare></xml>');
  });

  it('refuses functions and symbols', () => {
    assert.throws(() => Transformer.toXml({ f: () => 1 }), WechatpayError);
    assert.throws(() => Transformer.toXml({ s: Symbol('s') }), WechatpayError);
  });

  it('writes text with any of < > & " as CDATA and other text as is', () => {
    assert.equal(Transformer.toXml({ a: "it's", b: 'x>y', c: 'q"', d: 'x&y' }), `<xml><a>it's</a><b><![CDATA[x>y]]></b><c><![CDATA[q"]]></c><d><![CDATA[x&y]]></d></xml>`);
  });

  it('splits CDATA at ]]> so the document stays well-formed and round-trips exactly', () => {
    assert.equal(Transformer.toXml({ c: 'x]]>y<' }), '<xml><c><![CDATA[x]]]]><![CDATA[>y<]]></c></xml>');
    for (const value of ['x]]>y<', ']]>', ']]>tail', 'head]]>', 'a]]>b]]>c', ']]>]]>', ']]]>>', '<![CDATA[x]]>', '</c><injected>1</injected><c>']) {
      const xml = Transformer.toXml({ c: value, after: 'ok' });
      assert.deepEqual(Transformer.toArray(xml), { c: value, after: 'ok' }, xml);
    }
  });

  it('writes carriage returns as &#xD; so they survive a round trip, in text and in CDATA', () => {
    assert.equal(Transformer.toXml({ a: 'x\r\ny' }), '<xml><a>x&#xD;\ny</a></xml>');
    for (const value of ['x\r\ny', '\r', 'a&b\r\n<c>', '\r]]>\r']) {
      assert.deepEqual(Transformer.toArray(Transformer.toXml({ a: value })), { a: value });
    }
  });

  it('removes characters XML cannot carry from values', () => {
    assert.equal(Transformer.toXml({ a: 'o\u0000k\uFFFE', b: 'a\u0001<b' }), '<xml><a>ok</a><b><![CDATA[a<b]]></b></xml>');
  });

  it('round-trips a JSON string', () => {
    const detail = JSON.stringify({ goods_detail: [{ goods_id: 'SKU-1', goods_name: '茶 <"gift">', price: 1000 }], note: 'a]]>b' });
    const xml = Transformer.toXml({ detail });
    assert.deepEqual(JSON.parse(String(Transformer.toArray(xml).detail)), JSON.parse(detail));
  });

  it('round-trips an APIv2 request map through toArray', () => {
    const data = {
      appid: 'wx8d1f0c2a3b4e5f60',
      mch_id: '1230000109',
      body: 'Tea & coffee <gift> "box"',
      attach: '  spaced\ttext\n ',
      out_trade_no: '0010',
      transaction_id: '4200002024031512345678901',
      emoji: '🍵',
      empty: '',
    };
    assert.deepEqual(Transformer.toArray(Transformer.toXml(data)), data);
    assert.deepEqual(Transformer.toArray(Transformer.toXml(data, false, true)), data);
  });

  it('round-trips the unifiedorder fixture', () => {
    const parsed = Transformer.toArray(fixture('unifiedorder.xml'));
    assert.deepEqual(Transformer.toArray(Transformer.toXml(parsed)), parsed);
  });
});
