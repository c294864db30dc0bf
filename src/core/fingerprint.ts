import { createHash } from 'node:crypto';
import type { Finding } from './finding.js';

/**
 * Identifies a finding across runs: the rule, the object and the field, but not the line, so
 * edits elsewhere in a file do not make old findings look new.
 */
export function fingerprint(finding: Pick<Finding, 'ruleId' | 'object' | 'path'>): string {
  const o = finding.object;
  const key = [finding.ruleId, o.apiVersion.split('/')[0] ?? '', o.kind, o.namespace ?? '', o.name, finding.path].join('\u0000');
  return createHash('sha256').update(key).digest('hex').slice(0, 32);
}
