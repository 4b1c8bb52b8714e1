import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createPrivateKey, createPublicKey, generateKeyPairSync, X509Certificate, type KeyObject } from 'node:crypto';
import { createServer, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { TLSSocket } from 'node:tls';
import { Agent, request } from 'undici';
import { CryptoError } from '../../lib/errors/crypto-error.js';
import {
  bitString,
  boolean,
  encodeLength,
  explicit,
  implicit,
  integer,
  namedBitString,
  nullValue,
  octetString,
  oid,
  printableString,
  readElement,
  sequence,
  set,
  time,
  tlv,
  utf8String,
} from '../../lib/sandbox/pki/der.js';
import {
  createCertificate,
  createTestPki,
  keyIdentifier,
  normalizeSerial,
  DEFAULT_SANDBOX_MCHID,
  type TestPki,
} from '../../lib/sandbox/pki/index.js';

const hex = (buffer: Buffer): string => buffer.toString('hex');
const rsa = (): KeyObject => generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;
/** Parses the dates Node prints for `validFrom` / `validTo`, e.g. `Nov 22 06:16:18 2026 GMT`. */
const parseValidity = (text: string): number => new Date(text).getTime();
/** Drops milliseconds, as certificate times have seconds precision. */
const toSeconds = (date: Date): number => Math.floor(date.getTime() / 1000) * 1000;

describe('DER encoder', () => {
  it('encodes lengths in short and long form', () => {
    assert.equal(hex(encodeLength(0)), '00');
    assert.equal(hex(encodeLength(0x7f)), '7f');
    assert.equal(hex(encodeLength(0x80)), '8180');
    assert.equal(hex(encodeLength(0xff)), '81ff');
    assert.equal(hex(encodeLength(0x100)), '820100');
    assert.equal(hex(encodeLength(0x10000)), '83010000');
    assert.throws(() => encodeLength(-1), CryptoError);
    assert.throws(() => encodeLength(1.5), CryptoError);
  });

  it('wraps content in a TLV with the right length form', () => {
    assert.equal(hex(tlv(0x04, Buffer.alloc(0x80)).subarray(0, 3)), '048180');
    assert.equal(tlv(0x04, Buffer.alloc(0x80)).length, 3 + 0x80);
    assert.equal(hex(tlv(0x04, Buffer.alloc(0x10000)).subarray(0, 5)), '0483010000');
  });

  it('encodes INTEGERs with a sign octet exactly when needed', () => {
    assert.equal(hex(integer(0n)), '020100');
    assert.equal(hex(integer(127n)), '02017f');
    assert.equal(hex(integer(128n)), '02020080');
    assert.equal(hex(integer(256n)), '02020100');
    assert.equal(hex(integer(-1n)), '0201ff');
    assert.equal(hex(integer(-128n)), '020180');
    assert.equal(hex(integer(-129n)), '0202ff7f');
    assert.equal(hex(integer(Buffer.from('8f01', 'hex'))), '0203008f01');
    assert.equal(hex(integer(Buffer.from('ff', 'hex'))), '020200ff');
    assert.equal(hex(integer(Buffer.from('00000001', 'hex'))), '020101');
    assert.equal(hex(integer(Buffer.from('00ab', 'hex'))), '020200ab');
    assert.equal(hex(integer(Buffer.alloc(0))), '020100');
  });

  it('encodes OBJECT IDENTIFIERs, including multi-octet arcs', () => {
    assert.equal(hex(oid('1.2.840.113549.1.1.11')), '06092a864886f70d01010b');
    assert.equal(hex(oid('2.5.4.3')), '0603550403');
    assert.equal(hex(oid('2.999.3')), '0603883703');
    for (const bad of ['', '1', '3.1', '1.40', '1.2.', '1..2', '1.02']) assert.throws(() => oid(bad), CryptoError, bad);
  });

  it('encodes the simple universal types', () => {
    assert.equal(hex(nullValue()), '0500');
    assert.equal(hex(boolean(true)), '0101ff');
    assert.equal(hex(boolean(false)), '010100');
    assert.equal(hex(octetString(Buffer.from('ab', 'hex'))), '0401ab');
    assert.equal(hex(utf8String('微')), '0c03e5beae');
    assert.equal(hex(printableString('CN')), '1302434e');
    assert.throws(() => printableString('a@b'), CryptoError);
    assert.equal(hex(sequence(integer(1n), nullValue())), '30050201010500');
  });

  it('sorts SET OF elements by their encodings', () => {
    assert.equal(hex(set(integer(2n), integer(1n))), '3106020101020102');
  });

  it('encodes BIT STRINGs and DER named bit lists', () => {
    assert.equal(hex(bitString(Buffer.from('abcd', 'hex'))), '030300abcd');
    assert.equal(hex(namedBitString([5, 6])), '03020106');
    assert.equal(hex(namedBitString([0, 2])), '030205a0');
    assert.equal(hex(namedBitString([0, 8])), '0303078080');
    assert.equal(hex(namedBitString([])), '030100');
    assert.throws(() => bitString(Buffer.alloc(0), 1), CryptoError);
  });

  it('encodes UTCTime before 2050 and GeneralizedTime from 2050', () => {
    assert.equal(time(new Date('2049-12-31T23:59:59.999Z')).toString('latin1', 2), '491231235959Z');
    assert.equal(time(new Date('2049-12-31T23:59:59Z'))[0], 0x17);
    assert.equal(time(new Date('2050-01-01T00:00:00Z')).toString('latin1', 2), '20500101000000Z');
    assert.equal(time(new Date('2050-01-01T00:00:00Z'))[0], 0x18);
    assert.throws(() => time(new Date(Number.NaN)), CryptoError);
  });

  it('encodes context-specific explicit and implicit tags', () => {
    assert.equal(hex(explicit(0, integer(2n))), 'a003020102');
    assert.equal(hex(implicit(7, Buffer.from([127, 0, 0, 1]))), '87047f000001');
    assert.throws(() => explicit(31, nullValue()), CryptoError);
  });

  it('reads back elements in short and long form', () => {
    const inner = octetString(Buffer.alloc(300, 1));
    const outer = sequence(nullValue(), inner);
    const top = readElement(outer);
    assert.equal(top.tag, 0x30);
    assert.equal(top.end, outer.length);
    const first = readElement(top.content);
    assert.equal(first.tag, 0x05);
    const second = readElement(top.content, first.end);
    assert.equal(second.content.length, 300);
    assert.throws(() => readElement(outer.subarray(0, 10)), CryptoError);
  });
});

describe('createCertificate', () => {
  const caKey = rsa();
  const leafKey = rsa();

  it('builds a self-signed CA certificate that Node parses and verifies', () => {
    const result = createCertificate({ subject: { C: 'CN', O: 'Test', CN: 'Test CA' }, publicKey: caKey, signingKey: caKey, isCA: true });
    const cert = new X509Certificate(result.pem);
    assert.equal(cert.subject, 'C=CN\nO=Test\nCN=Test CA');
    assert.equal(cert.issuer, cert.subject);
    assert.equal(cert.ca, true);
    assert.equal(cert.verify(cert.publicKey), true);
    assert.equal(cert.checkIssued(cert), true);
    assert.equal(cert.checkPrivateKey(caKey), true);
    assert.deepEqual(cert.raw, result.der);
    assert.match(result.pem, /^-----BEGIN CERTIFICATE-----\n([A-Za-z0-9+/=]{64}\n)*[A-Za-z0-9+/=]{1,64}\n-----END CERTIFICATE-----\n$/);
    assert.ok(result.der.includes(octetString(keyIdentifier(caKey))), 'subjectKeyIdentifier');
    assert.ok(!result.der.includes(implicit(0, keyIdentifier(caKey))), 'no authorityKeyIdentifier when self-issued');
  });

  it('builds a CA-signed end-entity certificate with SAN, EKU and authorityKeyIdentifier', () => {
    const ca = new X509Certificate(createCertificate({ subject: 'Test CA', publicKey: caKey, signingKey: caKey, isCA: true }).pem);
    const result = createCertificate({
      subject: 'leaf',
      issuer: 'Test CA',
      publicKey: leafKey,
      signingKey: caKey,
      altNames: ['127.0.0.1', 'localhost', '::1', '2001:db8::192.0.2.1', 'fe80::a:b'],
      extKeyUsage: ['serverAuth', 'clientAuth'],
    });
    const cert = new X509Certificate(result.pem);
    assert.equal(cert.ca, false);
    assert.equal(cert.issuer, 'CN=Test CA');
    assert.equal(cert.verify(ca.publicKey), true);
    assert.equal(cert.verify(cert.publicKey), false);
    assert.equal(cert.checkIssued(ca), true);
    assert.equal(
      cert.subjectAltName,
      'IP Address:127.0.0.1, DNS:localhost, IP Address:0:0:0:0:0:0:0:1, IP Address:2001:DB8:0:0:0:0:C000:201, IP Address:FE80:0:0:0:0:0:A:B',
    );
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1', '1.3.6.1.5.5.7.3.2']);
    assert.equal(cert.checkIP('127.0.0.1'), '127.0.0.1');
    assert.equal(cert.checkHost('localhost'), 'localhost');
    assert.ok(result.der.includes(implicit(0, keyIdentifier(caKey))), 'authorityKeyIdentifier');
    assert.ok(result.der.includes(octetString(keyIdentifier(leafKey))), 'subjectKeyIdentifier');
  });

  it('returns the serial exactly as X509Certificate#serialNumber prints it', () => {
    const cases = [
      ['8F01', '8F01', '0203008f01'], // high first octet: DER adds a 00 sign octet, Node omits it
      ['00AB', 'AB', '020200ab'], // leading zero octet given: dropped (minimal DER), sign octet added
      ['0a', '0A', '02010a'], // lower case and a first octet below 0x10: upper case, whole octets
      ['A', '0A', '02010a'], // odd digit count: padded to whole octets
      ['7F' + 'EE'.repeat(19), '7F' + 'EE'.repeat(19), '0214'], // 20 octets, no sign octet needed
    ] as const;
    for (const [given, expected, derPrefix] of cases) {
      const result = createCertificate({ subject: 's', publicKey: leafKey, signingKey: caKey, serial: given });
      assert.equal(result.serial, expected, given);
      assert.equal(new X509Certificate(result.pem).serialNumber, expected, given);
      assert.ok(hex(result.der).includes(derPrefix), given);
    }
  });

  it('generates a positive 20-octet serial by default', () => {
    for (let i = 0; i < 5; i++) {
      const result = createCertificate({ subject: 's', publicKey: leafKey, signingKey: caKey });
      assert.match(result.serial, /^[0-9A-F]{40}$/);
      const first = Number.parseInt(result.serial.slice(0, 2), 16);
      assert.ok(first >= 0x01 && first <= 0x7f);
      assert.equal(new X509Certificate(result.der).serialNumber, result.serial);
    }
  });

  it('rejects invalid serials', () => {
    assert.throws(() => normalizeSerial('xyz'), CryptoError);
    assert.throws(() => normalizeSerial('0000'), CryptoError);
    assert.throws(() => normalizeSerial('80' + '00'.repeat(19)), CryptoError);
    assert.throws(() => normalizeSerial('01'.repeat(21)), CryptoError);
  });

  it('writes the requested validity, in UTCTime and GeneralizedTime', () => {
    const notBefore = new Date('2024-02-29T12:34:56.789Z');
    const notAfter = new Date('2060-01-02T03:04:05Z');
    const cert = new X509Certificate(createCertificate({ subject: 's', publicKey: leafKey, signingKey: caKey, notBefore, notAfter }).pem);
    assert.equal(parseValidity(cert.validFrom), toSeconds(notBefore));
    assert.equal(parseValidity(cert.validTo), notAfter.getTime());
  });

  it('defaults validity to one hour ago through ten years ahead', () => {
    const before = Date.now();
    const cert = new X509Certificate(createCertificate({ subject: 's', publicKey: leafKey, signingKey: caKey }).pem);
    const after = Date.now();
    const hour = 3600_000;
    assert.ok(parseValidity(cert.validFrom) >= toSeconds(new Date(before - hour)));
    assert.ok(parseValidity(cert.validFrom) <= after - hour);
    const tenYears = new Date(before);
    tenYears.setUTCFullYear(tenYears.getUTCFullYear() + 10);
    assert.ok(Math.abs(parseValidity(cert.validTo) - tenYears.getTime()) < 5000);
  });

  it('certifies a non-RSA subject key', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const cert = new X509Certificate(createCertificate({ subject: 'ec', issuer: 'ca', publicKey, signingKey: caKey }).pem);
    assert.equal(cert.publicKey.asymmetricKeyType, 'ec');
    assert.equal(cert.verify(createPublicKey(caKey)), true);
  });

  it('rejects bad options with CryptoError', () => {
    const { privateKey: ecKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const base = { subject: 's', publicKey: leafKey, signingKey: caKey };
    assert.throws(() => createCertificate({ ...base, signingKey: ecKey }), CryptoError);
    assert.throws(() => createCertificate({ ...base, signingKey: createPublicKey(caKey) }), CryptoError);
    assert.throws(() => createCertificate({ ...base, subject: {} }), CryptoError);
    assert.throws(() => createCertificate({ ...base, subject: { C: 'China' } }), CryptoError);
    assert.throws(() => createCertificate({ ...base, altNames: ['bad name'] }), CryptoError);
    assert.throws(() => createCertificate({ ...base, notBefore: new Date('2030-01-01'), notAfter: new Date('2029-01-01') }), CryptoError);
  });
});

describe('createTestPki', () => {
  const pki = createTestPki();
  const ca = new X509Certificate(pki.ca.cert);
  const issued = { server: pki.server, merchant: pki.merchant, platform: pki.platform };

  it('issues a self-signed CA', () => {
    assert.equal(ca.ca, true);
    assert.equal(ca.verify(ca.publicKey), true);
    assert.equal(ca.checkIssued(ca), true);
    assert.equal(ca.serialNumber, pki.ca.serial);
  });

  for (const [role, member] of Object.entries(issued)) {
    it(`issues the ${role} certificate from the CA`, () => {
      const cert = new X509Certificate(member.cert);
      assert.equal(cert.ca, false);
      assert.equal(cert.verify(ca.publicKey), true);
      assert.equal(cert.checkIssued(ca), true);
      assert.equal(cert.issuer, ca.subject);
      assert.equal(cert.serialNumber, member.serial);
      assert.equal(cert.checkPrivateKey(member.key), true);
      assert.match(member.keyPem, /^-----BEGIN PRIVATE KEY-----\n/);
      assert.equal(createPrivateKey(member.keyPem).equals(member.key), true);
    });
  }

  it('gives every certificate its own key and serial', () => {
    const members = [pki.ca, pki.server, pki.merchant, pki.platform];
    assert.equal(new Set(members.map((m) => m.serial)).size, 4);
    assert.equal(new Set(members.map((m) => m.keyPem)).size, 4);
  });

  it('makes the server certificate valid for the loopback names only, for serverAuth', () => {
    const cert = new X509Certificate(pki.server.cert);
    assert.equal(cert.subjectAltName, 'IP Address:127.0.0.1, DNS:localhost, IP Address:0:0:0:0:0:0:0:1');
    assert.equal(cert.checkIP('::1'), '::1');
    assert.equal(cert.checkHost('example.com'), undefined);
    assert.deepEqual(cert.keyUsage, ['1.3.6.1.5.5.7.3.1']);
  });

  it('shapes the merchant and platform subjects like WeChat Pay certificates', () => {
    const merchant = new X509Certificate(pki.merchant.cert);
    assert.equal(merchant.subject, `O=WeChat Pay Sandbox Merchant\nOU=${DEFAULT_SANDBOX_MCHID}\nCN=${DEFAULT_SANDBOX_MCHID}`);
    assert.deepEqual(merchant.keyUsage, ['1.3.6.1.5.5.7.3.2']);
    const platform = new X509Certificate(pki.platform.cert);
    assert.equal(platform.subject, 'C=CN\nO=Tenpay.com\nOU=Tenpay.com CA Center\nCN=Tenpay.com sign');
    const now = Date.now();
    for (const cert of [ca, merchant, platform]) {
      assert.ok(parseValidity(cert.validFrom) < now && parseValidity(cert.validTo) > now);
    }
  });

  it('reuses given keys and honours the mchid option', () => {
    const keys = { ca: pki.ca.key, server: pki.server.key, merchant: pki.merchant.key, platform: pki.platform.key };
    const again = createTestPki({ mchid: '1230000109', keys });
    for (const role of ['ca', 'server', 'merchant', 'platform'] as const) {
      assert.equal(again[role].key, keys[role]);
      assert.equal(new X509Certificate(again[role].cert).checkPrivateKey(keys[role]), true);
      assert.notEqual(again[role].serial, pki[role].serial);
    }
    assert.match(new X509Certificate(again.merchant.cert).subject, /^O=WeChat Pay Sandbox Merchant\nOU=1230000109\nCN=1230000109$/);
  });
});

describe('loopback mutual TLS with the test PKI', () => {
  const pki: TestPki = createTestPki();

  /** Starts an HTTPS server requiring a CA-issued client certificate; it echoes what it saw. */
  async function startServer(): Promise<{ server: Server; origin: string; seen: string[] }> {
    const seen: string[] = [];
    const server = createServer(
      { key: pki.server.keyPem, cert: pki.server.cert, ca: pki.ca.cert, requestCert: true, rejectUnauthorized: true },
      (req, res) => {
        const socket = req.socket;
        assert.ok(socket instanceof TLSSocket);
        const cn = String(socket.getPeerCertificate().subject.CN);
        seen.push(cn);
        res.setHeader('content-type', 'application/json');
        res.end(JSON.stringify({ authorized: socket.authorized, cn }));
      },
    );
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    return { server, origin: `https://127.0.0.1:${port}`, seen };
  }

  async function stop(server: Server, agent: Agent): Promise<void> {
    await agent.close();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => { resolve(); }));
  }

  /** Asserts that the handshake fails (no request reaches the server), then stops server and agent. */
  async function expectRefused(server: Server, origin: string, seen: string[], agent: Agent): Promise<void> {
    try {
      await assert.rejects(async () => {
        const response = await request(`${origin}/v3/certificates`, { dispatcher: agent });
        await response.body.dump();
      });
      assert.deepEqual(seen, []);
    } finally {
      await stop(server, agent);
    }
  }

  it('accepts the merchant client certificate', async () => {
    const { server, origin, seen } = await startServer();
    const agent = new Agent({ connect: { ca: pki.ca.cert, cert: pki.merchant.cert, key: pki.merchant.keyPem } });
    try {
      const response = await request(`${origin}/v3/certificates`, { dispatcher: agent });
      assert.equal(response.statusCode, 200);
      assert.deepEqual(await response.body.json(), { authorized: true, cn: DEFAULT_SANDBOX_MCHID });
      assert.deepEqual(seen, [DEFAULT_SANDBOX_MCHID]);
    } finally {
      await stop(server, agent);
    }
  });

  it('rejects a client without a certificate', async () => {
    const { server, origin, seen } = await startServer();
    const agent = new Agent({ connect: { ca: pki.ca.cert } });
    await expectRefused(server, origin, seen, agent);
  });

  it('rejects a client certificate from another CA', async () => {
    const { server, origin, seen } = await startServer();
    const other = createTestPki({ keys: { server: pki.server.key, platform: pki.platform.key } });
    const agent = new Agent({ connect: { ca: pki.ca.cert, cert: other.merchant.cert, key: other.merchant.keyPem } });
    await expectRefused(server, origin, seen, agent);
  });

  it('is refused by a client that does not trust the sandbox CA', async () => {
    const { server, origin, seen } = await startServer();
    const agent = new Agent({ connect: { cert: pki.merchant.cert, key: pki.merchant.keyPem } });
    try {
      await assert.rejects(request(`${origin}/v3/certificates`, { dispatcher: agent }), /self[- ]signed|unable to (get|verify)/i);
      assert.deepEqual(seen, []);
    } finally {
      await stop(server, agent);
    }
  });
});
