import { k8sDocs, mitre, nsa } from '../../../core/references.js';
import { asRecord, asString } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';
import { type CredentialHit, detectCredential, detectCredentialFormat, isLiteralSecretValue, isSensitiveName, isWellKnownDefault, parseAssignment } from '../detectors.js';

/** A credential found inside a multi-line value (a config file): where, and under which setting. */
interface LineHit {
  readonly line: number;
  readonly hit: CredentialHit;
  readonly setting?: string;
}

/** Scans a config file line by line for credential formats and `key: value` / `key=value` secrets. */
function scanLines(text: string): LineHit[] {
  const hits: LineHit[] = [];
  text.split('\n').forEach((line, i) => {
    const kind = detectCredentialFormat(line);
    if (kind !== undefined) {
      hits.push({ line: i + 1, hit: { reason: 'format', kind } });
      return;
    }
    const assignment = parseAssignment(line);
    if (assignment && isSensitiveName(assignment.key) && isLiteralSecretValue(assignment.value)) {
      hits.push({ line: i + 1, setting: assignment.key, hit: { reason: 'name', wellKnownDefault: isWellKnownDefault(assignment.value) } });
    }
  });
  return hits;
}

function describeSingle(key: string, hit: CredentialHit): string {
  if (hit.reason === 'format') return `data key "${key}" holds ${hit.kind} in clear text`;
  return `data key "${key}" holds ${hit.wellKnownDefault ? 'a well-known default password' : 'a literal credential'} (its name marks it as secret)`;
}

function describeLines(key: string, hits: readonly LineHit[]): string {
  const [first, ...rest] = hits;
  if (!first) return '';
  let what = first.hit.reason === 'format' ? first.hit.kind : `a literal ${first.hit.wellKnownDefault ? 'default password' : 'credential'} in setting "${first.setting ?? '?'}"`;
  what += ` on line ${first.line}`;
  if (rest.length > 0) what += `, and ${rest.length} more credential${rest.length > 1 ? 's' : ''}`;
  return `data key "${key}" contains ${what}`;
}

export default defineCheck({
  id: 'sensitive-data-in-configmap',
  title: 'ConfigMap holds a credential',
  severity: 'high',
  category: 'secrets',
  target: 'config-map',
  admission: true,
  description:
    'ConfigMaps are meant for non-confidential data: they are not encrypted at rest by default, RBAC rules commonly let developers, dashboards and monitoring agents read them, and they are printed freely by tools. A password, token or private key in a ConfigMap, or in a config file stored in one, is readable by all of them, and by anyone with access to the repository it came from.',
  remediation:
    'Revoke and rotate the credential, then move it into a Secret (or an external secret store) and mount it separately; keep the rest of the configuration in the ConfigMap and have the application read the credential from its own file or environment variable.',
  references: [
    nsa('Network separation and hardening: Secrets'),
    mitre('T1552.007', 'Unsecured Credentials: Container API'),
    k8sDocs('Kubernetes documentation: ConfigMaps', 'https://kubernetes.io/docs/concepts/configuration/configmap/'),
  ],
  run({ object, report }) {
    const data = asRecord(object.body.data);
    if (!data) return;
    for (const [key, raw] of Object.entries(data)) {
      const value = asString(raw);
      if (value === undefined) continue;
      const path = ['data', key];
      const single = value.trimEnd().includes('\n') ? undefined : detectCredential(key, value.trimEnd());
      if (single) {
        report({ path, message: describeSingle(key, single) });
        continue;
      }
      const hits = scanLines(value);
      if (hits.length > 0) report({ path, message: describeLines(key, hits) });
    }
  },
});
