import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/finding.js';
import { objectsOfDocument } from '../../inputs/objects.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import { runChecks } from '../../scan/engine.js';
import type { ScanSettings } from '../api.js';
import hostUsersNotDisabled from './host-users-not-disabled/index.js';

function scan(settings: ScanSettings): string[] {
  const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: web}\nspec:\n  containers: [{name: app, image: "nginx:1.27.3"}]\n';
  const objects = parseManifests(text, 'test.yaml').documents.flatMap((d) => objectsOfDocument(d, 'test.yaml').objects);
  const policy = { checks: [{ check: hostUsersNotDisabled, severityOverride: undefined, params: {} }], settings, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false };
  const findings: Finding[] = [];
  runChecks(objects, policy, (batch) => findings.push(...batch));
  return findings.map((f) => f.message);
}

describe('host-users-not-disabled against a target version', () => {
  it('is silent before user namespaces reached beta (1.30)', () => {
    expect(scan({ kubeVersion: '1.29' })).toEqual([]);
  });

  it('names the feature gate while beta is off by default', () => {
    expect(scan({ kubeVersion: 'v1.31.4' })).toEqual([expect.stringContaining('beta but off by default in Kubernetes 1.31: the UserNamespacesSupport feature gate')]);
  });

  it('says on by default from 1.33 and GA from 1.36', () => {
    expect(scan({ kubeVersion: '1.33' })).toEqual([expect.stringContaining('beta and on by default in Kubernetes 1.33')]);
    expect(scan({ kubeVersion: '1.36' })).toEqual([expect.stringContaining('GA in Kubernetes 1.36')]);
    expect(scan({})).toEqual([expect.stringContaining('on by default since Kubernetes 1.33 and GA since 1.36')]);
  });
});
