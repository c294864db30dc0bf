import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../core/finding.js';
import { objectsOfDocument } from '../../../inputs/objects.js';
import { parseManifests } from '../../../k8s/yaml/parse.js';
import { runChecks } from '../../../scan/engine.js';
import type { ScanSettings } from '../../api.js';
import seccompNotSet from './index.js';

function messages(text: string, settings: ScanSettings): string[] {
  const objects = parseManifests(text, 'test.yaml').documents.flatMap((d) => objectsOfDocument(d, 'test.yaml').objects);
  const policy = { checks: [{ check: seccompNotSet, severityOverride: undefined, params: {} }], settings, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false };
  const findings: Finding[] = [];
  runChecks(objects, policy, (batch) => findings.push(...batch));
  return findings.map((f) => f.message);
}

const annotated = (value: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  annotations:\n    seccomp.security.alpha.kubernetes.io/pod: ${value}\nspec:\n  containers: [{name: c, image: nginx:1.27}]\n`;

describe('seccomp-not-set and the legacy annotations, by target version', () => {
  it('accepts a profile the annotation names when the target kubelet still applies it (1.26 and older)', () => {
    expect(messages(annotated('runtime/default'), { kubeVersion: '1.26' })).toEqual([]);
    expect(messages(annotated('localhost/profiles/audit.json'), { kubeVersion: 'v1.25.4' })).toEqual([]);
  });

  it('reports it from 1.27 on, and without a target version', () => {
    const ignored = ['container "c" has no seccompProfile; the legacy annotation seccomp.security.alpha.kubernetes.io/pod: runtime/default is ignored since Kubernetes 1.27'];
    expect(messages(annotated('runtime/default'), { kubeVersion: '1.27' })).toEqual(ignored);
    expect(messages(annotated('runtime/default'), {})).toEqual(ignored);
  });

  it('still reports an annotation that names no profile, whatever the target', () => {
    expect(messages(annotated('runtime/defualt'), { kubeVersion: '1.25' })).toHaveLength(1);
  });
});
