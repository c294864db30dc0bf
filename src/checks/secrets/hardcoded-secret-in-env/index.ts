import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { asString, recordsWithIndex } from '../../../k8s/access.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';
import { type CredentialHit, detectCredential } from '../detectors.js';

function describeHit(hit: CredentialHit, variable: string): string {
  if (hit.reason === 'format') return `environment variable ${variable} holds ${hit.kind} in clear text`;
  if (hit.wellKnownDefault) return `environment variable ${variable} holds a well-known default password in clear text`;
  return `environment variable ${variable} holds a literal credential (its name marks it as secret)`;
}

export default defineCheck({
  id: 'hardcoded-secret-in-env',
  title: 'Credential is hard-coded in an environment variable',
  severity: 'high',
  category: 'secrets',
  target: 'workload',
  admission: true,
  description:
    'A password, token or key written as a literal `env[].value` is stored in clear text wherever the manifest goes: Git history, CI logs, Helm release records, and the object itself, which anyone allowed to read the workload (not just its Secrets) can see. It cannot be rotated without a redeploy and is usually shared across environments.',
  remediation:
    'Revoke and rotate the exposed credential, then move it into a Secret (or an external secret store synced into one) and mount it as a file; if the application insists on an environment variable, use `valueFrom.secretKeyRef`.',
  references: [
    nsa('Network separation and hardening: Secrets'),
    mitre('T1552.001', 'Unsecured Credentials: Credentials In Files'),
    k8sDocs('Kubernetes documentation: Good practices for Kubernetes Secrets', 'https://kubernetes.io/docs/concepts/security/secrets-good-practices/'),
  ],
  run({ pod, report }) {
    for (const c of pod.containers) {
      for (const { record: env, index } of recordsWithIndex(c.body.env)) {
        const name = asString(env.name);
        const value = asString(env.value);
        if (name === undefined || value === undefined) continue;
        const hit = detectCredential(name, value);
        if (hit) report({ path: [...c.path, 'env', index, 'value'], message: `${describeContainer(c)} ${describeHit(hit, name)}` });
      }
    }
  },
});
