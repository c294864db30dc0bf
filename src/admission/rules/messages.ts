import type { RuleFinding } from './evaluate.js';

/** Audit annotation keys for Rampart rules (the API server prefixes them with the webhook's name). */
export const ANNOTATION_RAMPART_AUDIT = 'rampart-audit-violations';
export const ANNOTATION_RAMPART_DENIED = 'rampart-enforce-violations';

/** `rule (message; message), rule (message)`: findings grouped by rule, in the order they were found. */
function byRule(findings: readonly RuleFinding[]): string {
  const groups = new Map<string, string[]>();
  for (const { finding } of findings) {
    const list = groups.get(finding.ruleId);
    if (list) list.push(finding.message);
    else groups.set(finding.ruleId, [finding.message]);
  }
  return [...groups].map(([rule, messages]) => `${rule} (${[...new Set(messages)].join('; ')})`).join(', ');
}

/** The reason a request is refused (`violates Rampart rules: host-network (...)`), or undefined when nothing is enforced. */
export function rampartDenial(findings: readonly RuleFinding[]): string | undefined {
  const enforced = findings.filter((f) => f.action === 'enforce');
  return enforced.length > 0 ? `violates Rampart rules: ${byRule(enforced)}` : undefined;
}

/** One warning per finding of a `warn` binding. */
export function rampartWarnings(findings: readonly RuleFinding[]): string[] {
  return findings.filter((f) => f.action === 'warn').map(({ finding }) => `would violate Rampart rule ${JSON.stringify(finding.ruleId)}: ${finding.message}`);
}

export function rampartAnnotations(findings: readonly RuleFinding[]): Record<string, string> {
  const annotations: Record<string, string> = {};
  const audited = findings.filter((f) => f.action === 'audit');
  if (audited.length > 0) annotations[ANNOTATION_RAMPART_AUDIT] = `would violate Rampart rules: ${byRule(audited)}`;
  const enforced = findings.filter((f) => f.action === 'enforce');
  if (enforced.length > 0) annotations[ANNOTATION_RAMPART_DENIED] = [...new Set(enforced.map((f) => f.finding.ruleId))].join(',');
  return annotations;
}
