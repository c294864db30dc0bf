import { z } from 'zod';
import { cis, k8sDocs, nsa, pss } from '../../../core/references.js';
import {
  ALL_PRIVILEGED,
  AUDIT_LEVEL_LABEL,
  compareLevels,
  ENFORCE_LEVEL_LABEL,
  formatLevelVersion,
  labelField,
  parseLevel,
  policyToEvaluate,
  WARN_LEVEL_LABEL,
} from '../../../admission/policy/levels.js';
import { formatFieldError } from '../../../admission/status.js';
import type { PssLevel } from '../../../pss/api.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import { defineCheck } from '../../api.js';

/** The first Kubernetes minor version whose API server runs Pod Security Admission by default (beta). */
const ADMISSION_SINCE = 23;

/** Namespaces Kubernetes creates for itself; kube-system's add-ons often need the privileged level. */
const SYSTEM_NAMESPACES = new Set(['kube-system', 'kube-public', 'kube-node-lease']);

/** What the warn and audit labels still do where enforcement falls short, for the message. */
function reportingOnly(labels: Readonly<Record<string, string>>, level: PssLevel): string {
  const reaches = (label: string) => {
    const written = parseLevel(labels[label] ?? '');
    return written !== undefined && compareLevels(written, level) >= 0;
  };
  const warn = reaches(WARN_LEVEL_LABEL);
  const audit = reaches(AUDIT_LEVEL_LABEL);
  if (warn && audit) return '; its warn and audit labels only report violations (to whoever applies the pods, and in the audit log), without refusing the pods';
  if (warn) return '; its warn label only warns whoever applies the pods of violations, without refusing them';
  if (audit) return '; its audit label only records violations in the audit log, without refusing the pods';
  return '';
}

export default defineCheck({
  id: 'namespace-pod-security-not-enforced',
  title: 'Namespace does not enforce a Pod Security Standard',
  severity: 'medium',
  category: 'pod-security',
  target: 'namespace',
  description:
    "Pod Security Admission, built into the API server, refuses pods that break the Pod Security Standards level a namespace's pod-security.kubernetes.io/enforce label names (with pod-security.kubernetes.io/enforce-version pinning the rules of a Kubernetes release). A namespace without the label gets the cluster's default, which is privileged (everything allowed) unless the API server's AdmissionConfiguration sets another; the warn and audit labels only report. So a compromised deployment pipeline or a careless manifest can run privileged pods, share the node's namespaces or mount its paths there. The check reads the labels as Pod Security Admission does and reports a Namespace of the scanned manifests that enforces less than its level parameter (baseline by default; restricted is the hardened level), and labels Pod Security Admission refuses, which make the API server reject the Namespace itself. kube-system, kube-public and kube-node-lease are not reported: clusters exempt them or run privileged add-ons there; nor is anything for a --kube-version below 1.23, whose API server has no Pod Security Admission by default.",
  remediation:
    'Label the namespace with pod-security.kubernetes.io/enforce: baseline, or restricted where its workloads allow, and pin pod-security.kubernetes.io/enforce-version (for example v1.33) so that upgrades do not change the rules unannounced. To see what the label would refuse first, run `rampart pss check --level restricted` on the workloads, or set the warn and audit labels to the target level for a while.',
  references: [
    k8sDocs('Enforce Pod Security Standards with Namespace Labels', 'https://kubernetes.io/docs/tasks/configure-pod-container/enforce-standards-namespace-labels/'),
    k8sDocs('Pod Security Admission', 'https://kubernetes.io/docs/concepts/security/pod-security-admission/'),
    pss('baseline', 'Baseline policy'),
    cis('5.2.1', 'Ensure that the cluster has at least one active policy control mechanism in place'),
    nsa('Pod security: Pod security enforcement'),
  ],
  params: z.object({
    /** The least restrictive level a namespace may enforce. */
    level: z.enum(['baseline', 'restricted']).default('baseline'),
  }),
  run({ object, params, settings, report }) {
    if (SYSTEM_NAMESPACES.has(object.name)) return;
    const minor = kubeMinorVersion(settings.kubeVersion);
    if (minor !== undefined && minor < ADMISSION_SINCE) return;
    const labels = object.labels;
    const { policy, errors } = policyToEvaluate(labels, ALL_PRIVILEGED);
    const namespace = `Namespace "${object.name}"`;
    for (const error of errors) {
      const label = Object.keys(labels).find((l) => labelField(l) === error.field);
      report({
        path: label === undefined ? ['metadata', 'labels'] : ['metadata', 'labels', label],
        message: `${namespace} has a Pod Security label that Pod Security Admission refuses, so the API server rejects the Namespace: ${formatFieldError(error)}`,
      });
    }
    if (errors.some((e) => e.field === labelField(ENFORCE_LEVEL_LABEL))) return;
    const enforced = policy.enforce.level;
    if (enforced !== 'privileged' && compareLevels(enforced, params.level) >= 0) return;
    const written = labels[ENFORCE_LEVEL_LABEL];
    const why =
      written === undefined
        ? `sets no ${ENFORCE_LEVEL_LABEL} label, so Pod Security Admission enforces the cluster's default there: privileged (everything allowed) unless the API server's admission configuration sets another`
        : enforced === 'privileged'
          ? `enforces the privileged Pod Security level (${ENFORCE_LEVEL_LABEL}: privileged), which allows everything: privileged containers, the node's namespaces and paths`
          : `enforces ${formatLevelVersion(policy.enforce)}, less than the ${params.level} level required`;
    report({
      path: ['metadata', 'labels', ENFORCE_LEVEL_LABEL],
      message: `${namespace} ${why}${reportingOnly(labels, params.level)}`,
    });
  },
});
