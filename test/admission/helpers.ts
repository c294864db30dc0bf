import 'reflect-metadata';
import { webcrypto } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { type Agent, request } from 'node:https';
import path from 'node:path';
import { Writable } from 'node:stream';
import * as x509 from '@peculiar/x509';
import { createReviewer } from '../../src/admission/assemble.js';
import { type AdmissionSetup, loadAdmissionSetup } from '../../src/admission/load.js';
import { FixedNamespaces, type NamespaceSource } from '../../src/admission/namespaces/source.js';
import { readNamespacesFile } from '../../src/admission/namespaces/file.js';
import type { FailurePolicy } from '../../src/admission/reviewer.js';
import { createLogger } from '../../src/admission/serve/logger.js';
import { AdmissionMetrics } from '../../src/admission/serve/metrics.js';
import { type AdmissionServer, startAdmissionServer } from '../../src/admission/serve/server.js';
import { CertificateFiles } from '../../src/admission/serve/tls.js';
import type { CheckRegistry } from '../../src/checks/registry.js';

export const FIXTURES = path.join(import.meta.dirname, 'fixtures');

x509.cryptoProvider.set(webcrypto as unknown as Parameters<typeof x509.cryptoProvider.set>[0]);

export interface Pem {
  readonly cert: string;
  readonly key: string;
}

/** A self-signed ECDSA certificate for 127.0.0.1 and localhost, made fresh for each test run. */
export async function selfSigned(commonName = 'rampart-admission.test'): Promise<Pem> {
  const algorithm = { name: 'ECDSA', namedCurve: 'P-256', hash: 'SHA-256' };
  const keys = await webcrypto.subtle.generateKey(algorithm, true, ['sign', 'verify']);
  const cert = await x509.X509CertificateGenerator.createSelfSigned({
    serialNumber: Date.now().toString(16),
    name: `CN=${commonName}`,
    notBefore: new Date(Date.now() - 60_000),
    notAfter: new Date(Date.now() + 24 * 3600_000),
    keys,
    signingAlgorithm: algorithm,
    extensions: [
      new x509.BasicConstraintsExtension(true, undefined, true),
      new x509.SubjectAlternativeNameExtension([{ type: 'ip', value: '127.0.0.1' }, { type: 'dns', value: 'localhost' }]),
    ],
  });
  const pkcs8 = await webcrypto.subtle.exportKey('pkcs8', keys.privateKey);
  const key = `-----BEGIN PRIVATE KEY-----\n${Buffer.from(pkcs8).toString('base64').replace(/(.{64})/g, '$1\n').replace(/\n$/, '')}\n-----END PRIVATE KEY-----\n`;
  return { cert: cert.toString('pem'), key };
}

export function fixture(name: string): string {
  return readFileSync(path.join(FIXTURES, name), 'utf8');
}

export function review(name: string): Record<string, unknown> {
  return JSON.parse(fixture(`reviews/${name}`));
}

export interface HttpResult {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  // Response bodies are read field by field in assertions: any JSON shape.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  json(): any;
}

/** One HTTPS request to the server, trusting only `ca`. */
export function send(url: string, ca: string, options: { method?: string; path: string; body?: string | Buffer; headers?: Record<string, string>; agent?: Agent }): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const req = request(
      `${url}${options.path}`,
      { method: options.method ?? 'POST', ca, agent: options.agent ?? false, headers: { 'content-type': 'application/json', ...options.headers } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    if (options.body !== undefined) req.write(options.body);
    req.end();
  });
}

/** Log lines written by the server, parsed. */
export class LogCapture extends Writable {
  readonly lines: Array<Record<string, unknown>> = [];
  override _write(chunk: Buffer, _encoding: string, callback: () => void): void {
    for (const line of chunk.toString('utf8').split('\n')) if (line.trim()) this.lines.push(JSON.parse(line));
    callback();
  }
}

export async function testSetup(options: { config?: string; registry?: CheckRegistry } = {}): Promise<AdmissionSetup> {
  const setup = await loadAdmissionSetup({ configFile: options.config ?? path.join(FIXTURES, 'rampart.yaml'), today: '2026-06-01', ...(options.registry ? { registry: options.registry } : {}) });
  if (!setup.ok) throw new Error(setup.errors.join('\n'));
  return setup.value;
}

export function fixtureNamespaces(pods: Array<Record<string, unknown>> = []): FixedNamespaces {
  return new FixedNamespaces(readNamespacesFile(path.join(FIXTURES, 'namespaces.yaml')), pods);
}

export interface TestServer {
  readonly server: AdmissionServer;
  readonly url: string;
  readonly pem: Pem;
  readonly logs: LogCapture;
  readonly metrics: AdmissionMetrics;
  readonly certificates: CertificateFiles;
  post(path: string, body: unknown, headers?: Record<string, string>): Promise<HttpResult>;
  get(path: string): Promise<HttpResult>;
  close(): Promise<void>;
}

export async function startTestServer(options: {
  certFile: string;
  keyFile: string;
  pem: Pem;
  setup?: AdmissionSetup;
  namespaces?: NamespaceSource;
  mutate?: boolean;
  maxBodyBytes?: number;
  failurePolicy?: FailurePolicy;
  watchCertificates?: boolean;
}): Promise<TestServer> {
  const logs = new LogCapture();
  const logger = createLogger('debug', logs);
  const metrics = new AdmissionMetrics();
  const namespaces = options.namespaces ?? fixtureNamespaces();
  const certificates = new CertificateFiles(options.certFile, options.keyFile);
  if (options.watchCertificates) certificates.watch();
  const reviewer = createReviewer(options.setup ?? (await testSetup()), namespaces, { failurePolicy: options.failurePolicy ?? 'fail', recorder: metrics.psa });
  const server = await startAdmissionServer({
    port: 0,
    host: '127.0.0.1',
    certificates,
    reviewer,
    namespaces,
    metrics,
    logger,
    mutate: options.mutate ?? false,
    ...(options.maxBodyBytes ? { maxBodyBytes: options.maxBodyBytes } : {}),
  });
  const ca = options.pem.cert;
  return {
    server,
    url: server.url,
    pem: options.pem,
    logs,
    metrics,
    certificates,
    post: (p, body, headers) => send(server.url, ca, { path: p, body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body), ...(headers ? { headers } : {}) }),
    get: (p) => send(server.url, ca, { method: 'GET', path: p }),
    async close() {
      await server.close();
      certificates.close();
    },
  };
}
