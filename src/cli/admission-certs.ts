import { CERTIFICATE_FILE_NAMES, writeCertificateFiles } from '../admission/certs/files.js';
import {
  CertificateRequestError,
  DEFAULT_CERTIFICATE_DAYS,
  MAX_CERTIFICATE_DAYS,
  generateWebhookCertificates,
} from '../admission/certs/generate.js';
import { stdoutOutput } from '../report/write.js';
import { defineCommand } from './command.js';

const NAME = 'rampart admission certs';

/** Parses a whole number of days from a flag value; undefined when it is not one. */
export function parseDays(value: unknown): number | undefined {
  if (typeof value !== 'string' || !/^\s*\d+\s*$/.test(value)) return undefined;
  const days = Number(value);
  return days >= 1 && days <= MAX_CERTIFICATE_DAYS ? days : undefined;
}

export const admissionCertsCommand = defineCommand({
  name: 'certs',
  description: `Create a CA and a serving certificate for the webhook: ${Object.values(CERTIFICATE_FILE_NAMES).join(', ')}`,
  options: [
    { flags: '--out <dir>', description: `directory to write ${Object.values(CERTIFICATE_FILE_NAMES).join(', ')} into (created if missing; tls.key gets mode 0600)` },
    { flags: '--dns <name>', description: 'DNS name of the serving certificate (repeatable, comma-separated; the first is also the CN)', repeatable: true },
    { flags: '--days <n>', description: `validity of the serving certificate in days, 1-${MAX_CERTIFICATE_DAYS} (the CA: twice as long)`, defaultValue: String(DEFAULT_CERTIFICATE_DAYS) },
  ],
  examples: [
    'rampart admission certs --out certs/ --dns rampart.rampart-system.svc,rampart.rampart-system.svc.cluster.local',
    'rampart admission certs --out /tmp/tls --dns localhost --days 30',
  ],
  async run(_args, options, io) {
    const out = typeof options.out === 'string' && options.out !== '' ? options.out : undefined;
    if (!out) {
      io.error(`${NAME}: --out DIR is required`);
      return 2;
    }
    const dnsNames = (options.dns as string[] | undefined) ?? [];
    if (dnsNames.length === 0) {
      io.error(`${NAME}: --dns NAME is required (e.g. --dns rampart.rampart-system.svc)`);
      return 2;
    }
    const days = parseDays(options.days);
    if (days === undefined) {
      io.error(`${NAME}: --days expects a whole number from 1 to ${MAX_CERTIFICATE_DAYS}, got "${String(options.days)}"`);
      return 2;
    }
    let certificates;
    try {
      certificates = await generateWebhookCertificates({ dnsNames, days });
    } catch (error) {
      if (!(error instanceof CertificateRequestError)) throw error;
      io.error(`${NAME}: --dns: ${error.message}`);
      return 2;
    }
    const written = writeCertificateFiles(out, certificates);
    const stdout = stdoutOutput();
    stdout.write(
      `wrote ${written.join(', ')}\n` +
        `serving certificate for ${certificates.dnsNames.join(', ')}, valid until ${certificates.notAfter.toISOString()} (CA until ${certificates.caNotAfter.toISOString()})\n`,
    );
    stdout.finish();
    return 0;
  },
});
