import { fail, ok, type Result } from '../core/result.js';
import { PSS_LEVELS, type PssLevel, type PssPolicy } from './api.js';

const VERSION = /^v1\.(0|[1-9][0-9]*)$/;
const EXAMPLE = 'e.g. "restricted", "baseline:v1.30" or "restricted:latest"';

export function isPssLevel(value: unknown): value is PssLevel {
  return value === 'privileged' || value === 'baseline' || value === 'restricted';
}

/** A policy version as the namespace labels spell it: "latest" or "v1.x" (upstream's ParseVersion). */
export function parsePssVersion(text: string): Result<number | 'latest'> {
  if (text === 'latest') return ok('latest');
  const match = VERSION.exec(text);
  const minor = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(minor)) {
    return fail({ code: 'pss-policy-invalid', message: `invalid Pod Security Standards version ${JSON.stringify(text)}: must be "latest" or "v1.x"` });
  }
  return ok(minor);
}

/**
 * Parses `LEVEL` or `LEVEL:VERSION` (`restricted`, `baseline:v1.30`, `restricted:latest`). Level
 * and version are spelled as in the pod-security.kubernetes.io namespace labels; a level alone
 * means the latest version.
 */
export function parsePssPolicy(text: string): Result<PssPolicy> {
  const input = typeof text === 'string' ? text.trim() : '';
  const bad = (why: string) => fail({ code: 'pss-policy-invalid', message: `invalid Pod Security Standards policy ${JSON.stringify(input)}: ${why}` });
  if (input === '') return bad(`expected LEVEL or LEVEL:VERSION, ${EXAMPLE}`);
  const colon = input.indexOf(':');
  const level = colon === -1 ? input : input.slice(0, colon);
  if (!isPssLevel(level)) return bad(`level must be one of ${PSS_LEVELS.join(', ')} (${EXAMPLE})`);
  if (colon === -1) return ok({ level, version: 'latest' });
  const version = parsePssVersion(input.slice(colon + 1));
  if (!version.ok) return bad(`version must be "latest" or "v1.x" (${EXAMPLE})`);
  return ok({ level, version: version.value });
}

/** `restricted:v1.30`, `baseline:latest`. */
export function formatPssPolicy(policy: PssPolicy): string {
  return `${policy.level}:${policy.version === 'latest' ? 'latest' : `v1.${policy.version}`}`;
}
