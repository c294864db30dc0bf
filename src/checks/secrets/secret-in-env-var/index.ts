import { cis, k8sDocs, mitre, nsa } from '../../../core/references.js';
import { asRecord, asString, recordsWithIndex } from '../../../k8s/access.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'secret-in-env-var',
  title: 'Secret is exposed to a container as an environment variable',
  severity: 'low',
  category: 'secrets',
  target: 'workload',
  admission: true,
  description:
    'Environment variables leak far more easily than files: applications and crash reporters dump them into logs and error pages, every child process inherits them, anyone who can read /proc/<pid>/environ on the node sees them, and `kubectl describe` or debugging tools print them. A Secret mounted as a file can be read only by the process that opens it, and is updated in place when the Secret is rotated.',
  remediation:
    'Mount the Secret as a volume (`volumes[].secret` with `volumeMounts`, ideally `readOnly: true` and only the keys needed via `items`) and have the application read the file, or fetch it from an external secret store at runtime.',
  references: [
    cis('5.4.1', 'Prefer using Secrets as files over Secrets as environment variables'),
    nsa('Network separation and hardening: Secrets'),
    mitre('T1552.007', 'Unsecured Credentials: Container API'),
    k8sDocs('Kubernetes documentation: Good practices for Kubernetes Secrets', 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/'),
  ],
  run({ pod, report }) {
    for (const c of pod.containers) {
      for (const { record: env, index } of recordsWithIndex(c.body.env)) {
        const ref = asRecord(asRecord(env.valueFrom)?.secretKeyRef);
        if (!ref) continue;
        report({
          path: [...c.path, 'env', index, 'valueFrom', 'secretKeyRef'],
          message: `${describeContainer(c)} reads key "${asString(ref.key) ?? '?'}" of Secret "${asString(ref.name) ?? '?'}" into environment variable ${asString(env.name) ?? `#${index}`}`,
        });
      }
      for (const { record: source, index } of recordsWithIndex(c.body.envFrom)) {
        const ref = asRecord(source.secretRef);
        if (!ref) continue;
        const prefix = asString(source.prefix);
        report({
          path: [...c.path, 'envFrom', index, 'secretRef'],
          message: `${describeContainer(c)} imports every key of Secret "${asString(ref.name) ?? '?'}" as environment variables${prefix ? ` (prefixed ${prefix})` : ''}`,
        });
      }
    }
  },
});
