import { X509Certificate, createPrivateKey, createPublicKey } from 'node:crypto';
import { mkdirSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { createServer, get } from 'node:https';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import 'reflect-metadata';
import * as x509 from '@peculiar/x509';
import { describe, expect, it } from 'vitest';
import { dnsNameProblem, normalizeDnsNames } from '../../src/admission/certs/dns-names.js';
import { writeFileAtomicWithMode } from '../../src/report/write-with-mode.js';
import { CertificateRequestError, generateWebhookCertificates } from '../../src/admission/certs/generate.js';
import { rampart } from '../helpers/cli.js';
import { tempDir as makeTempDir } from '../helpers/temp.js';

const DAY_MS = 24 * 60 * 60 * 1000;
const SERVER_AUTH = '1.3.6.1.5.5.7.3.1';
const tempDir = () => makeTempDir('rampart-certs-');

/** Everything a TLS client (the API server) and server (the webhook) will rely on. */
function expectValidPair(caPem: string, certPem: string, keyPem: string, dnsNames: string[], days: number, now = Date.now()) {
  const ca = new X509Certificate(caPem);
  const leaf = new X509Certificate(certPem);

  // The CA: self-signed, CA:true, and allowed to sign certificates.
  expect(ca.ca).toBe(true);
  expect(ca.verify(ca.publicKey)).toBe(true);
  expect(ca.checkIssued(ca)).toBe(true);
  const caExtensions = new x509.X509Certificate(caPem);
  const caConstraints = caExtensions.getExtension(x509.BasicConstraintsExtension);
  expect(caConstraints?.ca).toBe(true);
  expect(caConstraints?.critical).toBe(true);
  const caUsage = caExtensions.getExtension(x509.KeyUsagesExtension);
  expect(caUsage?.critical).toBe(true);
  expect((caUsage?.usages ?? 0) & x509.KeyUsageFlags.keyCertSign).toBeTruthy();

  // The leaf: signed by that CA, for the names, for server authentication only, not a CA.
  expect(leaf.ca).toBe(false);
  expect(leaf.checkIssued(ca)).toBe(true);
  expect(leaf.verify(ca.publicKey)).toBe(true);
  expect(leaf.subjectAltName).toBe(dnsNames.map((n) => `DNS:${n}`).join(', '));
  expect(leaf.subject).toBe(`CN=${dnsNames[0]}`);
  expect(leaf.keyUsage).toEqual([SERVER_AUTH]);
  for (const name of dnsNames) expect(leaf.checkHost(name)).toBe(name);
  expect(leaf.checkHost('other.example.com')).toBeUndefined();
  const leafUsage = new x509.X509Certificate(certPem).getExtension(x509.KeyUsagesExtension);
  expect((leafUsage?.usages ?? 0) & x509.KeyUsageFlags.digitalSignature).toBeTruthy();
  expect((leafUsage?.usages ?? 0) & x509.KeyUsageFlags.keyCertSign).toBe(0);

  // The key belongs to the certificate, and is a strong one.
  const key = createPrivateKey(keyPem);
  expect(leaf.checkPrivateKey(key)).toBe(true);
  expect(key.asymmetricKeyType).toBe('ec');
  expect(key.asymmetricKeyDetails?.namedCurve).toBe('prime256v1');
  expect(createPublicKey(key).export({ format: 'pem', type: 'spki' })).toBe(leaf.publicKey.export({ format: 'pem', type: 'spki' }));

  // Valid now (allowing for a node clock a little behind), for `days`; the CA outlives the leaf.
  const notBefore = new Date(leaf.validFrom).getTime();
  const notAfter = new Date(leaf.validTo).getTime();
  expect(notBefore).toBeLessThanOrEqual(now);
  expect(notBefore).toBeGreaterThan(now - 60 * 60 * 1000);
  expect(Math.abs(notAfter - (now + days * DAY_MS))).toBeLessThan(5 * 60 * 1000);
  expect(new Date(ca.validTo).getTime()).toBeGreaterThan(notAfter);
  expect(new Date(ca.validFrom).getTime()).toBeLessThanOrEqual(now);
}

/** Completes a real TLS handshake against the pair: returns the client's error code, or 'ok'. */
async function handshake(caPem: string, certPem: string, keyPem: string, servername: string): Promise<string> {
  const server = createServer({ cert: certPem, key: keyPem }, (_req, res) => res.end('ok'));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  try {
    return await new Promise<string>((resolve) => {
      const request = get({ host: '127.0.0.1', port, path: '/', ca: caPem, servername, headers: { host: servername }, timeout: 5000 }, (res) => {
        res.resume();
        res.on('end', () => resolve('ok'));
      });
      request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
    });
  } finally {
    server.close();
  }
}

describe('generateWebhookCertificates', () => {
  it('creates a CA and a serving certificate that a TLS client accepts for the names only', async () => {
    const names = ['rampart.rampart-system.svc', 'rampart.rampart-system.svc.cluster.local'];
    const c = await generateWebhookCertificates({ dnsNames: names });
    expectValidPair(c.caCertificate, c.certificate, c.privateKey, names, 365);
    expect(c.privateKey).toMatch(/^-----BEGIN PRIVATE KEY-----\n[\s\S]+\n-----END PRIVATE KEY-----\n$/);
    expect(await handshake(c.caCertificate, c.certificate, c.privateKey, names[0] ?? '')).toBe('ok');
    expect(await handshake(c.caCertificate, c.certificate, c.privateKey, 'evil.example.com')).toBe('ERR_TLS_CERT_ALTNAME_INVALID');
    // Another CA is not trusted: the caBundle must be this run's CA.
    const other = await generateWebhookCertificates({ dnsNames: names });
    expect(await handshake(other.caCertificate, c.certificate, c.privateKey, names[0] ?? '')).not.toBe('ok');
  });

  it('honours the validity, normalizes names and makes unique serial numbers', async () => {
    const now = new Date('2026-01-01T00:00:00Z');
    const a = await generateWebhookCertificates({ dnsNames: ['Webhook.Example.COM', 'webhook.example.com', '*.hooks.example.com'], days: 30, now });
    expectValidPair(a.caCertificate, a.certificate, a.privateKey, ['webhook.example.com', '*.hooks.example.com'], 30, now.getTime());
    expect(new Date(new X509Certificate(a.caCertificate).validTo).getTime()).toBe(now.getTime() + 60 * DAY_MS);
    const b = await generateWebhookCertificates({ dnsNames: ['webhook.example.com'], now });
    expect(new X509Certificate(b.certificate).serialNumber).not.toBe(new X509Certificate(a.certificate).serialNumber);
    expect(new X509Certificate(b.certificate).serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
  });

  it('rejects names that are not DNS names and validity out of range', async () => {
    await expect(generateWebhookCertificates({ dnsNames: [] })).rejects.toThrow(CertificateRequestError);
    await expect(generateWebhookCertificates({ dnsNames: ['10.0.0.1'] })).rejects.toThrow(/IP address/);
    await expect(generateWebhookCertificates({ dnsNames: ['ok.example.com'], days: 0 })).rejects.toThrow(/whole number of days/);
    await expect(generateWebhookCertificates({ dnsNames: ['ok.example.com'], days: 1.5 })).rejects.toThrow(CertificateRequestError);
  });
});

describe('DNS names', () => {
  it.each(['localhost', 'a.b', 'rampart.rampart-system.svc', '*.example.com', 'x1-y.example', 'a'.repeat(63)])('accepts %s', (name) => {
    expect(dnsNameProblem(name)).toBeUndefined();
  });
  it.each(['', '-a.example', 'a-.example', 'a..b', 'under_score.example', '*.com', 'a.*.example', 'ex ample', '::1', `${'a'.repeat(64)}.x`, `${'a.'.repeat(127)}aa`])(
    'rejects "%s"',
    (name) => {
      expect(dnsNameProblem(name)).toBeDefined();
    },
  );
  it('lowercases, trims and deduplicates in order', () => {
    expect(normalizeDnsNames([' B.example ', 'a.example', 'b.example'])).toEqual({ ok: true, names: ['b.example', 'a.example'] });
  });
});

describe('writeFileAtomicWithMode', () => {
  it('replaces a file with exactly the mode asked for and leaves no temporary file', () => {
    const dir = tempDir();
    const file = path.join(dir, 'secret');
    writeFileSync(file, 'old', { mode: 0o666 });
    writeFileAtomicWithMode(file, 'new', 0o600);
    expect(readFileSync(file, 'utf8')).toBe('new');
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readdirSync(dir)).toEqual(['secret']);
  });

  it('fails without leaving anything behind when the directory does not exist', () => {
    const dir = tempDir();
    expect(() => writeFileAtomicWithMode(path.join(dir, 'missing', 'f'), 'x', 0o600)).toThrow(/^cannot write .*missing\/f: no such directory$/);
    expect(readdirSync(dir)).toEqual([]);
  });
});

describe('rampart admission certs', () => {
  it('writes ca.pem, tls.crt and tls.key (0600) into a new directory', () => {
    const out = path.join(tempDir(), 'nested', 'certs');
    const r = rampart(['admission', 'certs', '--out', out, '--dns', 'rampart.rampart-system.svc,rampart.rampart-system.svc.cluster.local', '--dns', 'hook.example.com', '--days', '90']);
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    expect(readdirSync(out).sort()).toEqual(['ca.pem', 'tls.crt', 'tls.key']);
    expect(statSync(path.join(out, 'tls.key')).mode & 0o777).toBe(0o600);
    expect(statSync(path.join(out, 'tls.crt')).mode & 0o777).toBe(0o644);
    expect(statSync(path.join(out, 'ca.pem')).mode & 0o777).toBe(0o644);
    const read = (name: string) => readFileSync(path.join(out, name), 'utf8');
    expectValidPair(read('ca.pem'), read('tls.crt'), read('tls.key'), ['rampart.rampart-system.svc', 'rampart.rampart-system.svc.cluster.local', 'hook.example.com'], 90);
    expect(r.stdout).toContain(path.join(out, 'tls.key'));
    expect(r.stdout).toMatch(/valid until \d{4}-\d\d-\d\dT/);
  });

  it('defaults to 365 days and overwrites an existing set', () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'tls.key'), 'old key', { mode: 0o644 });
    const r = rampart(['admission', 'certs', '--out', out, '--dns', 'localhost']);
    expect(r.code).toBe(0);
    const read = (name: string) => readFileSync(path.join(out, name), 'utf8');
    expectValidPair(read('ca.pem'), read('tls.crt'), read('tls.key'), ['localhost'], 365);
    expect(statSync(path.join(out, 'tls.key')).mode & 0o777).toBe(0o600);
  });

  it.each([
    [['--dns', 'localhost'], /--out DIR is required/],
    [['--out', 'OUT'], /--dns NAME is required/],
    [['--out', 'OUT', '--dns', 'bad_name'], /--dns: "bad_name" is not a valid DNS name/],
    [['--out', 'OUT', '--dns', '192.168.1.1'], /IP address/],
    [['--out', 'OUT', '--dns', 'localhost', '--days', '0'], /--days expects a whole number from 1 to 3650, got "0"/],
    [['--out', 'OUT', '--dns', 'localhost', '--days', '12x'], /--days expects a whole number/],
  ])('exits 2 with one line for %j, writing nothing', (args, message) => {
    const dir = tempDir();
    const out = path.join(dir, 'out');
    const r = rampart(['admission', 'certs', ...args.map((a) => (a === 'OUT' ? out : a))]);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr.trim().split('\n')).toHaveLength(1);
    expect(readdirSync(dir)).toEqual([]);
  });

  it('exits 2 when the directory cannot be created', () => {
    const dir = tempDir();
    writeFileSync(path.join(dir, 'file'), '');
    const r = rampart(['admission', 'certs', '--out', path.join(dir, 'file', 'sub'), '--dns', 'localhost']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rampart admission certs: cannot write ${path.join(dir, 'file', 'sub')}: a parent is not a directory\n`);
  });

  it('replaces the set whole or not at all: a failure on the last file leaves the old ca.pem and tls.key', () => {
    const out = tempDir();
    writeFileSync(path.join(out, 'ca.pem'), 'old ca');
    writeFileSync(path.join(out, 'tls.key'), 'old key', { mode: 0o600 });
    mkdirSync(path.join(out, 'tls.crt'));
    const r = rampart(['admission', 'certs', '--out', out, '--dns', 'localhost']);
    expect(r.code).toBe(2);
    expect(r.stderr).toBe(`rampart admission certs: cannot write ${path.join(out, 'tls.crt')}: it is a directory\n`);
    expect(readFileSync(path.join(out, 'ca.pem'), 'utf8')).toBe('old ca');
    expect(readFileSync(path.join(out, 'tls.key'), 'utf8')).toBe('old key');
    expect(readdirSync(out).sort()).toEqual(['ca.pem', 'tls.crt', 'tls.key']);
  });
});
