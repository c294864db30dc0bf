import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { reportFileError } from '../../report/write.js';

/**
 * Writes a whole file atomically with an exact mode: the content goes into a new temporary file
 * beside it, created with that mode from the start (so a private key is never readable by others,
 * not even for a moment), and is renamed into place only when complete and synced.
 */
export function writeFileAtomicWithMode(file: string, text: string, mode: number): void {
  const temp = path.join(path.dirname(file), `.${path.basename(file)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  const fd = openSync(temp, 'wx', mode);
  let open = true;
  try {
    // The umask may have taken bits away from `mode`; the file gets exactly the mode asked for.
    fchmodSync(fd, mode);
    const bytes = Buffer.from(text, 'utf8');
    let offset = 0;
    while (offset < bytes.length) offset += writeSync(fd, bytes, offset);
    fsyncSync(fd);
    closeSync(fd);
    open = false;
    renameSync(temp, file);
  } catch (error) {
    if (open) closeSync(fd);
    rmSync(temp, { force: true });
    throw error;
  }
}

export interface CertificateFiles {
  readonly caCertificate: string;
  readonly certificate: string;
  readonly privateKey: string;
}

/** The file names `rampart admission certs` writes, as `rampart admission serve` and scripts expect them. */
export const CERTIFICATE_FILE_NAMES = { caCertificate: 'ca.pem', certificate: 'tls.crt', privateKey: 'tls.key' } as const;

/**
 * Writes ca.pem, tls.crt and tls.key (mode 0600) into `dir`, creating it. Each file is replaced
 * atomically; the certificate is written last, so a server that reloads when tls.crt changes
 * already finds the matching key. Failures throw ReportFileError, naming the file.
 */
export function writeCertificateFiles(dir: string, files: CertificateFiles): string[] {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw reportFileError(dir, error);
  }
  const written: string[] = [];
  const write = (name: string, text: string, mode: number) => {
    const file = path.join(dir, name);
    try {
      writeFileAtomicWithMode(file, text, mode);
    } catch (error) {
      throw reportFileError(file, error);
    }
    written.push(file);
  };
  write(CERTIFICATE_FILE_NAMES.caCertificate, files.caCertificate, 0o644);
  write(CERTIFICATE_FILE_NAMES.privateKey, files.privateKey, 0o600);
  write(CERTIFICATE_FILE_NAMES.certificate, files.certificate, 0o644);
  return written;
}
