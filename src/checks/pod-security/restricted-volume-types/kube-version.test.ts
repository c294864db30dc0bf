import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../core/finding.js';
import { objectsOfDocument } from '../../../inputs/objects.js';
import { parseManifests } from '../../../k8s/yaml/parse.js';
import { runChecks } from '../../../scan/engine.js';
import type { ScanSettings } from '../../api.js';
import restrictedVolumeTypes from './index.js';

function findings(settings: ScanSettings): Array<Pick<Finding, 'severity' | 'message'>> {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers: [{name: c, image: nginx:1.27}]\n  volumes:\n    - {name: site, gitRepo: {repository: "https://example.com/site.git"}}\n';
  const objects = parseManifests(text, 'test.yaml').documents.flatMap((d) => objectsOfDocument(d, 'test.yaml').objects);
  const policy = { checks: [{ check: restrictedVolumeTypes, severityOverride: undefined, params: { allowed: [] } }], settings, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false };
  const out: Finding[] = [];
  runChecks(objects, policy, (batch) => out.push(...batch));
  return out.map((f) => ({ severity: f.severity, message: f.message }));
}

const base = 'volume "site" is of type gitRepo, which the restricted profile does not allow';

describe('restricted-volume-types and gitRepo, by target version (the GitRepoVolumeDriver gate)', () => {
  it('is high while the kubelet runs git for it: by default up to 1.32, where the gate is turned on up to 1.35', () => {
    expect(findings({ kubeVersion: '1.32' })).toEqual([{ severity: 'high', message: `${base} (deprecated; the node runs git for it as root)` }]);
    expect(findings({ kubeVersion: 'v1.35.2' })[0]).toMatchObject({ severity: 'high', message: expect.stringContaining('off by default since Kubernetes 1.33') });
  });

  it('is the rule severity from 1.36, and without a target version, where such a pod does not start', () => {
    const locked = [{ severity: 'medium', message: `${base} (the kubelet no longer mounts gitRepo volumes since Kubernetes 1.36: the pod does not start)` }];
    expect(findings({ kubeVersion: '1.36' })).toEqual(locked);
    expect(findings({})).toEqual(locked);
  });
});
