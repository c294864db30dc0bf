import { X509Certificate } from 'node:crypto';
import { EventEmitter } from 'node:events';
import { readFileSync } from 'node:fs';
import { createSecureContext } from 'node:tls';
import { type FileWatch, watchFiles } from '../watch.js';

export interface KeyPair {
  readonly cert: Buffer;
  readonly key: Buffer;
}

/** Why a key pair cannot be served, or undefined when it can (the certificate parses and matches the key). */
export function keyPairProblem(pair: KeyPair): string | undefined {
  try {
    new X509Certificate(pair.cert);
    createSecureContext({ cert: pair.cert, key: pair.key });
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

/**
 * The serving certificate and key, read from files and re-read when either changes on disk. A new
 * pair is used only when it is valid; otherwise the old one keeps serving and `reload-error` says
 * why (a cert and key rotated one after the other pass through a mismatched state, which is skipped).
 * Emits `reload` with the new pair.
 */
export class CertificateFiles extends EventEmitter {
  private current: KeyPair;
  private watcher: FileWatch | undefined;

  constructor(readonly certFile: string, readonly keyFile: string) {
    super();
    const pair = { cert: readFileSync(certFile), key: readFileSync(keyFile) };
    const problem = keyPairProblem(pair);
    if (problem) throw new Error(`cannot use --tls-cert ${certFile} with --tls-key ${keyFile}: ${problem}`);
    this.current = pair;
  }

  get pair(): KeyPair {
    return this.current;
  }

  /** The certificate's expiry, for logs. */
  get notAfter(): string {
    return new X509Certificate(this.current.cert).validTo;
  }

  watch(): this {
    this.watcher = watchFiles([this.certFile, this.keyFile], ([cert, key]) => {
      if (!cert || !key) return;
      const pair = { cert, key };
      const problem = keyPairProblem(pair);
      if (problem) {
        this.emit('reload-error', problem);
        return;
      }
      this.current = pair;
      this.emit('reload', pair);
    });
    return this;
  }

  close(): void {
    this.watcher?.close();
  }
}
