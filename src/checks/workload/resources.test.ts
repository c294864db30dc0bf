import { describe, expect, it } from 'vitest';
import type { Finding } from '../../core/finding.js';
import { objectsOfDocument } from '../../inputs/objects.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import { runChecks } from '../../scan/engine.js';
import type { Check, ScanSettings } from '../api.js';
import cpuLimitsMissing from './cpu-limits-missing/index.js';
import cpuRequestsMissing from './cpu-requests-missing/index.js';
import memoryLimitsMissing from './memory-limits-missing/index.js';
import memoryRequestsMissing from './memory-requests-missing/index.js';

function messages(check: Check, text: string, settings: ScanSettings = {}): string[] {
  const objects = parseManifests(text, 'test.yaml').documents.flatMap((d) => objectsOfDocument(d, 'test.yaml').objects);
  const policy = { checks: [{ check, severityOverride: undefined, params: {} }], settings, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false };
  const findings: Finding[] = [];
  runChecks(objects, policy, (batch) => findings.push(...batch));
  return findings.map((f) => f.message);
}

const podLevel = (resources: string) =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: shop}\nspec:\n  resources: ${resources}\n  containers: [{name: c, image: nginx:1.27}]\n`;

describe('pod-level resources (spec.resources), by target version', () => {
  const limits = podLevel('{limits: {cpu: "2", memory: 2Gi}}');

  it('count for every container from 1.34 on, and without a target version', () => {
    for (const check of [cpuLimitsMissing, memoryLimitsMissing, cpuRequestsMissing, memoryRequestsMissing]) {
      expect(messages(check, limits)).toEqual([]);
      expect(messages(check, limits, { kubeVersion: 'v1.34.0' })).toEqual([]);
    }
  });

  it('do not count before 1.34, whose API server drops the field', () => {
    expect(messages(cpuLimitsMissing, limits, { kubeVersion: '1.33' })).toEqual(['container "c" has no CPU limit (resources.limits.cpu)']);
    expect(messages(memoryRequestsMissing, limits, { kubeVersion: '1.33' })).toEqual(['container "c" has no memory request (resources.requests.memory)']);
  });

  it('cap nothing with a request alone, or with a zero limit', () => {
    expect(messages(memoryLimitsMissing, podLevel('{requests: {memory: 1Gi}}'))).toEqual(['container "c" has no memory limit (resources.limits.memory)']);
    expect(messages(cpuLimitsMissing, podLevel('{limits: {cpu: 0}}'))).toEqual(['container "c" has no CPU limit (resources.limits.cpu)']);
    expect(messages(cpuRequestsMissing, podLevel('{requests: {memory: 1Gi}}'))).toEqual(['container "c" has no CPU request (resources.requests.cpu)']);
  });
});

describe('a LimitRange default and a written zero', () => {
  const limitRange = 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: d, namespace: batch}\nspec:\n  limits: [{type: Container, default: {cpu: 500m, memory: 512Mi}}]\n---\n';
  const pod = (resources: string) =>
    `${limitRange}apiVersion: v1\nkind: Pod\nmetadata: {name: p, namespace: batch}\nspec:\n  containers:\n    - {name: c, image: nginx:1.27, resources: ${resources}}\n    - {name: d, image: nginx:1.27}\n`;

  it('reports the written zero and says the default does not replace it', () => {
    expect(messages(memoryLimitsMissing, pod('{limits: {memory: 0}}'))).toEqual([
      'container "c" sets resources.limits.memory to 0, which is no memory limit; the namespace LimitRange default fills in only values that are not written',
    ]);
    expect(messages(cpuRequestsMissing, pod('{requests: {cpu: "0"}}'))).toEqual([
      'container "c" sets resources.requests.cpu to "0", which is no CPU request; the namespace LimitRange default fills in only values that are not written',
    ]);
  });

  it('reports a missing request whose zero limit becomes the request', () => {
    expect(messages(cpuRequestsMissing, pod('{limits: {cpu: 0}}'))).toEqual([
      'container "c" has no CPU request (resources.requests.cpu); its limit of 0 becomes its request, so the namespace LimitRange default does not apply',
    ]);
  });

  it('lets the default cover a container that writes nothing', () => {
    expect(messages(cpuLimitsMissing, pod('{}'))).toEqual([]);
    expect(messages(memoryRequestsMissing, pod('{limits: {cpu: "1"}}'))).toEqual([]);
  });
});
