import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { fingerprint } from '../core/fingerprint.js';
import { loadFiles } from '../inputs/load.js';
import type { K8sObject } from '../k8s/object.js';
import { sampleFinding } from '../../test/helpers/sample-findings.js';
import { findingIdentity, nameKeyedPath } from './identity.js';

function objects(file: string): Map<string, K8sObject> {
  const loaded = loadFiles([path.join(import.meta.dirname, 'fixtures', file)]);
  return new Map(loaded.objects.map((o) => [o.kind, o]));
}

const NAMED = objects('named-items.yaml');
const REORDERED = objects('named-items-reordered.yaml');
const of = (kind: string, from = NAMED): K8sObject => from.get(kind) as K8sObject;

describe('nameKeyedPath', () => {
  it.each([
    ['spec.template.spec.containers[0].securityContext.privileged', 'spec.template.spec.containers[name="app"].securityContext.privileged'],
    ['spec.template.spec.containers[0]', 'spec.template.spec.containers[name="app"]'],
    ['spec.template.spec.initContainers[0].image', 'spec.template.spec.initContainers[name="setup"].image'],
    ['spec.template.spec.containers[0].env[0].value', 'spec.template.spec.containers[name="app"].env[name="MODE"].value'],
    ['spec.template.spec.volumes[1].hostPath.path', 'spec.template.spec.volumes[name="host"].hostPath.path'],
  ])('keys %s by name', (positional, keyed) => {
    expect(nameKeyedPath(of('Deployment'), positional)).toBe(keyed);
  });

  it.each([
    ['an unnamed container', 'spec.template.spec.containers[1].image', 'spec.template.spec.containers[1].image'],
    ['a container whose name is repeated', 'spec.template.spec.containers[3].image', 'spec.template.spec.containers[3].image'],
    ['an env var whose name is repeated', 'spec.template.spec.containers[0].env[2].name', 'spec.template.spec.containers[name="app"].env[2].name'],
    ['an index past the end of the list', 'spec.template.spec.containers[10].image', 'spec.template.spec.containers[10].image'],
  ])('keeps the index of %s', (_, positional, keyed) => {
    expect(nameKeyedPath(of('Deployment'), positional)).toBe(keyed);
  });

  it('leaves paths that go through no container, volume or env var as they are', () => {
    for (const p of ['spec.replicas', 'spec.template.metadata.annotations["container.apparmor.security.beta.kubernetes.io/app"]', 'spec.template.spec.hostPID', 'spec.template.spec.containers']) {
      expect(nameKeyedPath(of('Deployment'), p)).toBe(p);
    }
    expect(nameKeyedPath(of('ConfigMap'), 'spec.containers[0]')).toBe('spec.containers[0]');
  });

  it('finds the pod spec of every workload kind', () => {
    expect(nameKeyedPath(of('CronJob'), 'spec.jobTemplate.spec.template.spec.containers[0].image')).toBe('spec.jobTemplate.spec.template.spec.containers[name="job"].image');
    expect(nameKeyedPath(of('Pod'), 'spec.ephemeralContainers[0].securityContext')).toBe('spec.ephemeralContainers[name="debugger"].securityContext');
    expect(nameKeyedPath(of('PodTemplate'), 'template.spec.containers[0]')).toBe('template.spec.containers[name="main"]');
  });
});

describe('findingIdentity', () => {
  const identity = (kind: string, p: string, from = NAMED) => findingIdentity(sampleFinding({ object: of(kind, from).ref, path: p }), of(kind, from));

  it('is the fingerprint when the path goes through no named item', () => {
    const finding = sampleFinding({ object: of('Deployment').ref, path: 'spec.template.spec.hostPID' });
    expect(findingIdentity(finding, of('Deployment'))).toBe(fingerprint(finding));
  });

  it('stays the same when containers, volumes and env vars are inserted or reordered', () => {
    const container = 'spec.template.spec.containers';
    expect(identity('Deployment', `${container}[2].env[1].value`, REORDERED)).toBe(identity('Deployment', `${container}[0].env[0].value`));
    expect(identity('Deployment', 'spec.template.spec.volumes[0].hostPath', REORDERED)).toBe(identity('Deployment', 'spec.template.spec.volumes[1].hostPath'));
    // The container now first is another one.
    expect(identity('Deployment', `${container}[0].securityContext`, REORDERED)).not.toBe(identity('Deployment', `${container}[0].securityContext`));
  });
});
