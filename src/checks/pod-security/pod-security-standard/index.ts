import { z } from 'zod';
import { formatPath } from '../../../core/path.js';
import { k8sDocs, pss } from '../../../core/references.js';
import type { Path } from '../../../core/path.js';
import { PSS_CHECKS, type PssViolation, formatPssPolicy, formatPssReason, parsePssVersion } from '../../../pss/index.js';
import { defineCheck } from '../../api.js';
import { pssEvaluation } from '../pss.js';

const LEVEL_OF = new Map(PSS_CHECKS.map((c) => [c.id, c.level] as const));

const versionSchema = z
  .string()
  .default('latest')
  .transform((text, ctx) => {
    const parsed = parsePssVersion(text);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error.message });
      return z.NEVER;
    }
    return parsed.value;
  });

export default defineCheck({
  id: 'pod-security-standard',
  title: 'Pod violates the Pod Security Standards',
  severity: 'high',
  category: 'pod-security',
  target: 'workload',
  enabledByDefault: false,
  description:
    "Evaluates every pod and pod template exactly as Kubernetes' Pod Security Admission would at the chosen level and policy version (`rampart scan --pss restricted:v1.30`), and reports each violation with upstream's wording at the field that causes it. Pod controllers are evaluated like their pods: Pod Security Admission only warns about them, but their pods will be refused. Baseline violations are high, restricted-only ones medium.",
  remediation:
    'Change the reported field as the violation says, or label the namespace with the Pod Security Standards level the workload really needs (pod-security.kubernetes.io/enforce) and keep it as strict as possible.',
  references: [
    pss('baseline', 'Baseline policy'),
    pss('restricted', 'Restricted policy'),
    k8sDocs('Pod Security Admission', 'https://kubernetes.io/docs/concepts/security/pod-security-admission/'),
  ],
  params: z.object({
    level: z.enum(['baseline', 'restricted']).default('restricted'),
    /** `latest` or `v1.N`. */
    version: versionSchema,
  }),
  run({ object, pod, params, report }) {
    const policy = { level: params.level, version: params.version };
    const result = pssEvaluation(object, pod, policy);
    if (result.allowed) return;
    const prefix = `violates PodSecurity "${formatPssPolicy(policy)}"`;
    // One finding per field: several controls can point at the same one.
    const byField = new Map<string, { path: Path; violations: PssViolation[]; baseline: boolean }>();
    for (const v of result.violations) {
      const fields = v.fields.length > 0 ? v.fields : [pod.specPath];
      for (const path of fields) {
        const key = formatPath(path);
        const entry = byField.get(key) ?? { path, violations: [], baseline: false };
        if (!entry.violations.includes(v)) entry.violations.push(v);
        entry.baseline ||= LEVEL_OF.get(v.check) === 'baseline';
        byField.set(key, entry);
      }
    }
    for (const { path, violations, baseline } of byField.values()) {
      report({ path, message: `${prefix}: ${formatPssReason(violations)}`, severity: baseline ? 'high' : 'medium' });
    }
  },
});
