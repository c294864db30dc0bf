import { lstatSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import path from 'node:path';
import { reportFileError } from '../../report/write.js';
import { stageFile } from '../../report/write-with-mode.js';

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
