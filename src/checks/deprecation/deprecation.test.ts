import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/finding.js';
import type { Check, ScanSettings } from '../api.js';
import { kubernetesSchema, SCHEMA_KUBERNETES_VERSION } from '../hygiene/schema-validation/schema-data.js';
import { kubeMinorVersion } from '../../k8s/kube-version.js';
import { objectsOfDocument } from '../../inputs/objects.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import { runChecks } from '../../scan/engine.js';
import deprecatedApiVersion from './deprecated-api-version/index.js';
import { DEPRECATED_APIS, LATEST_KUBERNETES_VERSION } from './deprecated-api-version/deprecated-apis.js';
import podSecurityPolicy from './pod-security-policy/index.js';

function scan(text: string, check: Check, settings: ScanSettings) {
  const objects = parseManifests(text, 'test.yaml').documents.flatMap((d) => objectsOfDocument(d, 'test.yaml').objects);
  const policy = { checks: [{ check, severityOverride: undefined, params: {} }], settings, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false };
  const findings: Finding[] = [];
  runChecks(objects, policy, (batch) => findings.push(...batch));
  return findings.map((f) => ({ severity: f.severity, message: f.message }));
}

const CRONJOB = 'apiVersion: batch/v1beta1\nkind: CronJob\nmetadata: {name: x}\n';
const PSP = 'apiVersion: policy/v1beta1\nkind: PodSecurityPolicy\nmetadata: {name: restricted}\n';

describe('deprecated-api-version against a target version', () => {
  it('is silent before the deprecation', () => {
    expect(scan(CRONJOB, deprecatedApiVersion, { kubeVersion: '1.20' })).toEqual([]);
  });

  it('is medium while deprecated and still served', () => {
    const [finding, ...rest] = scan(CRONJOB, deprecatedApiVersion, { kubeVersion: 'v1.24.3' });
    expect(rest).toEqual([]);
    expect(finding?.severity).toBe('medium');
    expect(finding?.message).toBe('batch/v1beta1 CronJob is deprecated since Kubernetes 1.21 and will be removed in 1.25: use batch/v1 CronJob');
  });

  it('is high from the release that removed it', () => {
    const [finding] = scan(CRONJOB, deprecatedApiVersion, { kubeVersion: '1.25' });
    expect(finding?.severity).toBe('high');
    expect(finding?.message).toContain('no longer served since Kubernetes 1.25 (target 1.25)');
  });

  it('defaults to the newest release in the table when the version is unset or unreadable', () => {
    expect(scan(CRONJOB, deprecatedApiVersion, {})[0]?.message).toContain('(target 1.37)');
    expect(scan(CRONJOB, deprecatedApiVersion, { kubeVersion: 'latest' })[0]?.message).toContain('(target 1.37)');
  });

  it('names the replacement kind when it changes, and the way out when there is none', () => {
    const endpoints = scan('apiVersion: v1\nkind: Endpoints\nmetadata: {name: x}\n', deprecatedApiVersion, {});
    expect(endpoints[0]?.message).toBe(
      'v1 Endpoints is deprecated since Kubernetes 1.33 and stays served but is on its way out: use discovery.k8s.io/v1 EndpointSlice',
    );
    expect(scan(PSP, deprecatedApiVersion, {})[0]?.message).toContain('enforce the Pod Security Standards with Pod Security Admission');
  });
});

describe('pod-security-policy against a target version', () => {
  it('warns about the coming removal on clusters that still enforce it', () => {
    expect(scan(PSP, podSecurityPolicy, { kubeVersion: '1.24' })[0]?.message).toContain('stops being enforced when the cluster reaches Kubernetes 1.25');
  });

  it('says it enforces nothing from 1.25 on', () => {
    expect(scan(PSP, podSecurityPolicy, { kubeVersion: '1.25' })[0]?.message).toContain('enforces nothing');
  });
});

describe('the deprecated API table against the Kubernetes v1.37 API schema', () => {
  const served = (apiVersion: string, kind: string) => kubernetesSchema().kinds.get(apiVersion)?.has(kind) ?? false;
  const latest = kubeMinorVersion(LATEST_KUBERNETES_VERSION) ?? 0;

  it('covers the release the schema was generated from', () => {
    expect(LATEST_KUBERNETES_VERSION).toBe(SCHEMA_KUBERNETES_VERSION);
  });

  it('says removed exactly for the APIs that release no longer serves', () => {
    for (const api of DEPRECATED_APIS) {
      const removed = api.removedIn !== undefined && (kubeMinorVersion(api.removedIn) ?? 0) <= latest;
      for (const kind of api.kinds) expect(served(api.apiVersion, kind), `${api.apiVersion} ${kind}`).toBe(!removed);
    }
  });

  it('only recommends replacements that release serves', () => {
    for (const api of DEPRECATED_APIS) {
      if (api.replacement === undefined) continue;
      for (const kind of api.kinds) {
        // The schema data leaves CustomResourceDefinition out on purpose (see data/k8s-schema/README.md).
        if (kind === 'CustomResourceDefinition') continue;
        expect(served(api.replacement, api.replacementKind ?? kind), `${api.replacement} ${kind}`).toBe(true);
      }
    }
  });
});
