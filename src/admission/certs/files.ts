import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, fsyncSync, lstatSync, mkdirSync, openSync, renameSync, rmSync, writeSync } from 'node:fs';
import path from 'node:path';
import { reportFileError } from '../../report/write.js';

/**
 * Writes a whole file atomically with an exact mode: the content goes into a new temporary file
 * beside it, created with that mode from the start (so a private key is never readable by others,
 * not even for a moment), and is renamed into place only when complete and synced. Failures throw
 * ReportFileError, naming the file (one line and exit code 2 in every command).
 */
export function writeFileAtomicWithMode(file: string, text: string, mode: number): void {
  let temp: string;
  try {
    temp = stageFile(file, text, mode);
  } catch (error) {
    throw reportFileError(file, error);
  }
  try {
    renameSync(temp, file);
  } catch (error) {
    rmSync(temp, { force: true });
    throw reportFileError(file, error);
  }
}

/** Writes `text` with `mode` to a synced temporary file beside `file`; returns its path. */
function stageFile(file: string, text: string, mode: number): string {
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
    return temp;
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
 * Writes ca.pem, tls.crt and tls.key (mode 0600) into `dir`, creating it. All three are written
 * and synced to temporary files first, and only then renamed into place, so a failure while
 * writing (a full disk, a file name taken by a directory) leaves the previous set untouched. The
 * certificate is renamed last, so a server that reloads when tls.crt changes already finds the
 * matching key. Failures throw ReportFileError, naming the file.
 */
export function writeCertificateFiles(dir: string, files: CertificateFiles): string[] {
  try {
    mkdirSync(dir, { recursive: true, mode: 0o755 });
  } catch (error) {
    throw reportFileError(dir, error);
  }
  const plan = [
    { name: CERTIFICATE_FILE_NAMES.caCertificate, text: files.caCertificate, mode: 0o644 },
    { name: CERTIFICATE_FILE_NAMES.privateKey, text: files.privateKey, mode: 0o600 },
    { name: CERTIFICATE_FILE_NAMES.certificate, text: files.certificate, mode: 0o644 },
  ].map((f) => ({ ...f, file: path.join(dir, f.name) }));
  const staged: Array<{ file: string; temp: string }> = [];
  const discard = () => {
    for (const s of staged) rmSync(s.temp, { force: true });
  };
  for (const { file, text, mode } of plan) {
    try {
      // rename(2) cannot replace a directory with a file: refuse before anything is replaced.
      if (isDirectory(file)) throw Object.assign(new Error(`EISDIR: illegal operation on a directory, rename '${file}'`), { code: 'EISDIR' });
      staged.push({ file, temp: stageFile(file, text, mode) });
    } catch (error) {
      discard();
      throw reportFileError(file, error);
    }
  }
  for (const [i, { file, temp }] of staged.entries()) {
    try {
      renameSync(temp, file);
    } catch (error) {
      for (const rest of staged.slice(i)) rmSync(rest.temp, { force: true });
      throw reportFileError(file, error);
    }
  }
  return staged.map((s) => s.file);
}

function isDirectory(file: string): boolean {
  try {
    return lstatSync(file).isDirectory();
  } catch {
    return false;
  }
}
