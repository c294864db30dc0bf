import { type Finding, objectLabel } from '../core/finding.js';
import { fingerprint, hash128 } from '../core/fingerprint.js';
import type { Severity } from '../core/severity.js';
import { defineFormat } from './format.js';
import { workspacePath } from './relative-path.js';
import { repositoryLocation } from './repository-location.js';

const SEVERITY: Record<Severity, string> = { critical: 'blocker', high: 'critical', medium: 'major', low: 'minor', info: 'info' };

/*
 * GitLab's Code Quality report (`artifacts: reports: codequality:`), the subset of the Code
 * Climate issue format GitLab reads: description, check_name, fingerprint, severity and
 * location.path with location.lines.begin. GitLab shows only the first issue of each
 * fingerprint, so a fingerprint repeated within the report (one rule reporting the same field
 * twice) is made unique with the message. Issues stream out, one per line.
 */
export const gitlabFormat = defineFormat({
  id: 'gitlab',
  description: 'GitLab Code Quality report (artifacts:reports:codequality) for merge requests',
  start(_header, _options, sink) {
    sink.write('[');
    let count = 0;
    const seen = new Set<string>();
    const emit = (f: Finding) => sink.write(`${count++ === 0 ? '\n  ' : ',\n  '}${issue(f, uniqueFingerprint(f, seen))}`);
    return {
      findings(batch) {
        for (const f of batch) emit(f);
      },
      end() {
        sink.write(count === 0 ? ']\n' : '\n]\n');
      },
    };
  },
});

function uniqueFingerprint(f: Finding, seen: Set<string>): string {
  let id = fingerprint(f);
  for (let n = 1; seen.has(id); n++) id = hash128(`${id}\u0000${f.message}\u0000${n}`);
  seen.add(id);
  return id;
}

function issue(f: Finding, id: string): string {
  const template = f.helmTemplate ? ` (template ${f.helmTemplate})` : '';
  const where = repositoryLocation(f);
  return JSON.stringify({
    type: 'issue',
    check_name: f.ruleId,
    description: `${objectLabel(f.object)}${template}: ${f.message}`,
    content: { body: f.remediation },
    categories: ['Security'],
    severity: SEVERITY[f.severity],
    fingerprint: id,
    location: { path: workspacePath(where.file), lines: { begin: where.line ?? 1 } },
  });
}
