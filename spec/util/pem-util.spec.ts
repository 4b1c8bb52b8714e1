import assert from 'node:assert/strict';
import { generateKeyPairSync, X509Certificate } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CryptoError, PemUtil } from '../../lib/index.js';
import { createCertificate } from '../../lib/sandbox/pki/index.js';

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const subject = { C: 'CN', ST: 'Shanghai', O: 'WeChatPay Community', CN: 'WeChatPay Community CI' };
const serial = '5157F09EFDC096DE15EBE81A47057A7232F1B8E1';
const { pem, der } = createCertificate({ subject, publicKey: privateKey, signingKey: privateKey, serial });
const dir = mkdtempSync(join(tmpdir(), 'pem-util-'));
after(() => rmSync(dir, { recursive: true, force: true }));
const certPath = join(dir, 'apiclient_cert.pem');
writeFileSync(certPath, pem);
const junkPath = join(dir, 'junk.pem');
writeFileSync(junkPath, '-----BEGIN CERTIFICATE-----\nbm90IGEgY2VydGlmaWNhdGU=\n-----END CERTIFICATE-----\n');

/** A certificate with the given serial (hex, as the DER builder normalises it). */
function withSerial(hex: string): string {
  return createCertificate({ subject: 'serial test', publicKey: privateKey, signingKey: privateKey, serial: hex }).pem;
}

describe('PemUtil.loadCertificate', () => {
  it('loads from a plain path, a file:// string and a file URL', () => {
    for (const where of [certPath, pathToFileURL(certPath).href, pathToFileURL(certPath)]) {
      const cert = PemUtil.loadCertificate(where);
      assert.ok(cert instanceof X509Certificate);
      assert.match(cert.subject, /CN=WeChatPay Community CI/);
      assert.match(cert.subject, /O=WeChatPay Community/);
      assert.match(cert.issuer, /ST=Shanghai/);
    }
  });

  it('an unreadable file throws with PHP\'s message and the cause', () => {
    const missing = join(dir, 'missing.pem');
    assert.throws(() => PemUtil.loadCertificate(missing), (error: unknown) => {
      assert.ok(error instanceof CryptoError);
      assert.equal(error.message, `Loading the certificate failed, please checking your ${missing} input.`);
      assert.equal((error.cause as NodeJS.ErrnoException).code, 'ENOENT');
      return true;
    });
  });

  it('content that is not a certificate throws (PHP returns false)', () => {
    assert.throws(() => PemUtil.loadCertificate(junkPath), (error: unknown) => error instanceof CryptoError && error.message.includes('holds no X.509 certificate') && !error.message.includes('bm90'));
  });
});

describe('PemUtil.loadCertificateFromString', () => {
  it('parses PEM text and DER bytes', () => {
    assert.equal(PemUtil.loadCertificateFromString(pem).serialNumber, serial);
    assert.equal(PemUtil.loadCertificateFromString(Buffer.from(pem)).serialNumber, serial);
    assert.equal(PemUtil.loadCertificateFromString(der).serialNumber, serial);
  });

  it('throws for anything else', () => {
    assert.throws(() => PemUtil.loadCertificateFromString('hello'), CryptoError);
  });
});

describe('PemUtil.parseCertificateSerialNo', () => {
  it('reads the serial from a certificate, a PEM string, PEM bytes, a file:// path and a file URL', () => {
    for (const input of [new X509Certificate(pem), pem, Buffer.from(pem), pathToFileURL(certPath).href, pathToFileURL(certPath)]) {
      assert.equal(PemUtil.parseCertificateSerialNo(input), serial);
    }
  });

  it('is upper-case hex of whole octets, as PHP\'s serialNumberHex: a first octet below 0x10 keeps its 0', () => {
    assert.equal(PemUtil.parseCertificateSerialNo(withSerial('0a1b2c')), '0A1B2C');
    assert.equal(PemUtil.parseCertificateSerialNo(withSerial('0798A1F3C2B6E5D4C3B2A19081726354453627')), '0798A1F3C2B6E5D4C3B2A19081726354453627');
    assert.equal(PemUtil.parseCertificateSerialNo(withSerial('01')), '01');
  });

  it('drops the DER sign octet of a serial whose first octet is 0x80 or more (00 8F … reads 8F…)', () => {
    assert.equal(PemUtil.parseCertificateSerialNo(withSerial('8F01')), '8F01');
    assert.equal(PemUtil.parseCertificateSerialNo(withSerial('FF')), 'FF');
  });

  it('throws PHP\'s message for anything that is not a certificate (a plain path is not read)', () => {
    for (const input of ['not a pem', certPath, Buffer.from('junk'), pathToFileURL(join(dir, 'missing.pem')).href]) {
      assert.throws(() => PemUtil.parseCertificateSerialNo(input), (error: unknown) => error instanceof CryptoError && error.message === 'Read the certificate failed, please check it whether or nor correct');
    }
  });
});
