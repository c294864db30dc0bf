import { k8sDocs } from '../../../core/references.js';
import { kubeMinorVersion } from '../../../k8s/kube-version.js';
import { defineCheck } from '../../api.js';
import { DEPRECATED_APIS, type DeprecatedApi, LATEST_KUBERNETES_VERSION } from './deprecated-apis.js';

interface ApiLifecycle {
  readonly api: DeprecatedApi;
  readonly deprecatedIn: number;
  readonly removedIn: number | undefined;
}

/** `apiVersion kind` → lifecycle, built once. */
const LIFECYCLES = new Map<string, ApiLifecycle>();
for (const api of DEPRECATED_APIS) {
  const deprecatedIn = minorOf(api.deprecatedIn);
  const removedIn = api.removedIn === undefined ? undefined : minorOf(api.removedIn);
  for (const kind of api.kinds) LIFECYCLES.set(`${api.apiVersion} ${kind}`, { api, deprecatedIn, removedIn });
}

const LATEST_MINOR = minorOf(LATEST_KUBERNETES_VERSION);

function minorOf(version: string): number {
  const minor = kubeMinorVersion(version);
  if (minor === undefined) throw new Error(`bad Kubernetes version in the deprecated API table: ${version}`);
  return minor;
}

function migrationAdvice(api: DeprecatedApi, kind: string): string {
  if (api.replacement === undefined) return api.note ?? 'it has no replacement';
  return `use ${api.replacement} ${api.replacementKind ?? kind}`;
}

export default defineCheck({
  id: 'deprecated-api-version',
  title: 'Object uses a deprecated or removed Kubernetes API version',
  severity: 'medium',
  category: 'deprecation',
  target: 'any',
  admission: true,
  description:
    'Kubernetes stops serving beta and alpha API versions some releases after deprecating them. A manifest written against a removed apiVersion is rejected by the API server, so a deploy or upgrade fails; one using a deprecated version breaks at the next upgrade.',
  remediation:
    'Change apiVersion (and kind, where named) to the replacement API version and adjust the fields that changed between versions, following the Kubernetes deprecated API migration guide.',
  references: [
    k8sDocs('Deprecated API Migration Guide', 'https://kubernetes.io/docs/reference/using-api/deprecation-guide/'),
    k8sDocs('Kubernetes Deprecation Policy', 'https://kubernetes.io/docs/reference/using-api/deprecation-policy/'),
  ],
  run({ object, settings, report }) {
    const lifecycle = LIFECYCLES.get(`${object.apiVersion} ${object.kind}`);
    if (!lifecycle) return;
    const target = kubeMinorVersion(settings.kubeVersion) ?? LATEST_MINOR;
    const { api, deprecatedIn, removedIn } = lifecycle;
    const name = `${object.apiVersion} ${object.kind}`;
    const advice = migrationAdvice(api, object.kind);
    if (removedIn !== undefined && target >= removedIn) {
      report({
        path: ['apiVersion'],
        severity: 'high',
        message: `${name} is no longer served since Kubernetes ${api.removedIn} (target 1.${target}), so the API server rejects this object: ${advice}`,
      });
    } else if (target >= deprecatedIn) {
      const removal = api.removedIn === undefined ? 'stays served but is on its way out' : `will be removed in ${api.removedIn}`;
      report({ path: ['apiVersion'], message: `${name} is deprecated since Kubernetes ${api.deprecatedIn} and ${removal}: ${advice}` });
    }
  },
});
