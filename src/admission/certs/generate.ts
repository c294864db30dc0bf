import { randomBytes, webcrypto } from 'node:crypto';
import type * as X509 from '@peculiar/x509';
import { normalizeDnsNames } from './dns-names.js';

/** Validity of the serving certificate unless asked otherwise. */
export const DEFAULT_CERTIFICATE_DAYS = 365;
/** Longest validity accepted for the serving certificate (the CA lives twice as long). */
export const MAX_CERTIFICATE_DAYS = 3650;
/** Certificates start this much in the past, so a node whose clock runs a little behind accepts them. */
const CLOCK_SKEW_MS = 5 * 60 * 1000;
const DAY_MS = 24 * 60 * 60 * 1000;

/** ECDSA P-256 with SHA-256: small, fast, and accepted by every Kubernetes API server and Node.js. */
const KEY_ALGORITHM = { name: 'ECDSA', namedCurve: 'P-256' } as const;
const SIGNING_ALGORITHM = { name: 'ECDSA', hash: 'SHA-256' } as const;

export interface CertificateRequest {
  /** DNS names of the serving certificate, the first one also its common name. */
  readonly dnsNames: readonly string[];
  /** Validity of the serving certificate in days (default 365); the CA is valid twice as long. */
  readonly days?: number;
  /** Issue time (tests); defaults to now. */
  readonly now?: Date;
}

/** A new CA and a serving certificate it signed, in PEM. The CA's private key is not kept. */
export interface WebhookCertificates {
  /** The CA certificate: what clients trust (the webhook configuration's caBundle). */
  readonly caCertificate: string;
  /** The serving certificate. */
  readonly certificate: string;
  /** The serving certificate's private key, PKCS#8. */
  readonly privateKey: string;
  readonly dnsNames: readonly string[];
  readonly notAfter: Date;
  readonly caNotAfter: Date;
}

export class CertificateRequestError extends Error {}

let library: Promise<typeof X509> | undefined;

/**
 * Loads @peculiar/x509 on first use only (a scan never pays for it). It resolves its parts through
 * tsyringe, which needs the Reflect metadata polyfill loaded first; it signs with Node's WebCrypto.
 */
function x509(): Promise<typeof X509> {
  library ??= (async () => {
    await import('reflect-metadata');
    const loaded = await import('@peculiar/x509');
    loaded.cryptoProvider.set(webcrypto);
    return loaded;
  })();
  return library;
}

/** A random positive 128-bit serial number in hex (RFC 5280: positive, at most 20 octets). */
function serialNumber(): string {
  const bytes = randomBytes(16);
  bytes[0] = ((bytes[0] ?? 0) & 0x7f) | 0x40;
  return bytes.toString('hex');
}

/** Checks the request and returns the normalized DNS names and validity. */
export function checkCertificateRequest(request: CertificateRequest): { dnsNames: string[]; days: number } {
  const days = request.days ?? DEFAULT_CERTIFICATE_DAYS;
  if (!Number.isInteger(days) || days < 1 || days > MAX_CERTIFICATE_DAYS) {
    throw new CertificateRequestError(`validity must be a whole number of days from 1 to ${MAX_CERTIFICATE_DAYS}, got ${String(days)}`);
  }
  const names = normalizeDnsNames(request.dnsNames);
  if (!names.ok) throw new CertificateRequestError(names.reason);
  return { dnsNames: names.names, days };
}

/**
 * Creates a self-signed CA (CA:true, path length 0, keyCertSign and cRLSign) and a serving
 * certificate signed by it for the DNS names (subjectAltName, serverAuth, digitalSignature; the
 * first name as CN). The CA key exists only in memory here: nothing else can ever be signed by
 * it, and rotating means issuing a new pair (and a new caBundle).
 */
export async function generateWebhookCertificates(request: CertificateRequest): Promise<WebhookCertificates> {
  const { dnsNames, days } = checkCertificateRequest(request);
  const lib = await x509();
  const subtle = webcrypto.subtle;
  const now = request.now ?? new Date();
  const notBefore = new Date(now.getTime() - CLOCK_SKEW_MS);
  const notAfter = new Date(now.getTime() + days * DAY_MS);
  const caNotAfter = new Date(now.getTime() + 2 * days * DAY_MS);

  const caKeys = await subtle.generateKey(KEY_ALGORITHM, false, ['sign', 'verify']);
  const caName = 'CN=Rampart admission webhook CA, O=Rampart';
  const ca = await lib.X509CertificateGenerator.createSelfSigned({
    serialNumber: serialNumber(),
    name: caName,
    notBefore,
    notAfter: caNotAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    keys: caKeys,
    extensions: [
      new lib.BasicConstraintsExtension(true, 0, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.keyCertSign | lib.KeyUsageFlags.cRLSign, true),
      await lib.SubjectKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const leafKeys = await subtle.generateKey(KEY_ALGORITHM, true, ['sign', 'verify']);
  const leaf = await lib.X509CertificateGenerator.create({
    serialNumber: serialNumber(),
    subject: [{ CN: [dnsNames[0] ?? ''] }],
    issuer: ca.subject,
    notBefore,
    notAfter,
    signingAlgorithm: SIGNING_ALGORITHM,
    publicKey: leafKeys.publicKey,
    signingKey: caKeys.privateKey,
    extensions: [
      new lib.BasicConstraintsExtension(false, undefined, true),
      new lib.KeyUsagesExtension(lib.KeyUsageFlags.digitalSignature, true),
      new lib.ExtendedKeyUsageExtension([lib.ExtendedKeyUsage.serverAuth], false),
      new lib.SubjectAlternativeNameExtension(dnsNames.map((value) => ({ type: 'dns' as const, value }))),
      await lib.SubjectKeyIdentifierExtension.create(leafKeys.publicKey),
      await lib.AuthorityKeyIdentifierExtension.create(caKeys.publicKey),
    ],
  });

  const pkcs8 = await subtle.exportKey('pkcs8', leafKeys.privateKey);
  return {
    caCertificate: `${ca.toString('pem')}\n`,
    certificate: `${leaf.toString('pem')}\n`,
    privateKey: `${lib.PemConverter.encode(pkcs8, 'PRIVATE KEY')}\n`,
    dnsNames,
    notAfter,
    caNotAfter,
  };
}
