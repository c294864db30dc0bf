import { describe, expect, it } from 'vitest';
import { extractPod, isSignificantPodUpdate, podTemplatePath } from './pod-spec.js';

const pod = (containers: unknown[], extra: Record<string, unknown> = {}) => ({ metadata: { name: 'p', labels: { a: '1' } }, spec: { containers, ...extra } });
const c = (name: string, image: string, more: Record<string, unknown> = {}) => ({ name, image, ...more });

describe('which resources carry a pod', () => {
  it.each([
    ['', 'pods', []],
    ['', 'replicationcontrollers', ['spec', 'template']],
    ['', 'podtemplates', ['template']],
    ['apps', 'deployments', ['spec', 'template']],
    ['apps', 'replicasets', ['spec', 'template']],
    ['apps', 'statefulsets', ['spec', 'template']],
    ['apps', 'daemonsets', ['spec', 'template']],
    ['batch', 'jobs', ['spec', 'template']],
    ['batch', 'cronjobs', ['spec', 'jobTemplate', 'spec', 'template']],
  ])('%s/%s', (group, resource, path) => {
    expect(podTemplatePath(group, resource)).toEqual(path);
  });

  it('knows no other resource (not even extensions/deployments, as upstream)', () => {
    expect(podTemplatePath('extensions', 'deployments')).toBeUndefined();
    expect(podTemplatePath('', 'constructor')).toBeUndefined();
  });

  it('extracts the template, or nothing when there is none', () => {
    expect(extractPod({ spec: { template: { metadata: { labels: {} }, spec: { containers: [] } } } }, ['spec', 'template'])).toEqual({ metadata: { labels: {} }, spec: { containers: [] } });
    expect(extractPod({ spec: {} }, ['spec', 'template'])).toBeUndefined();
  });
});

describe('significant pod updates (isSignificantPodUpdate)', () => {
  const before = pod([c('a', 'img:1')], { initContainers: [c('i', 'init:1')] });
  it('is not significant when only labels, annotations, status or tolerations change', () => {
    const after = { ...before, metadata: { name: 'p', labels: { a: '2' }, annotations: { x: 'y' } }, status: { phase: 'Running' }, spec: { ...before.spec, tolerations: [{ key: 'k' }] } };
    expect(isSignificantPodUpdate(after, before)).toBe(false);
  });
  it('is significant when a container image changes', () => {
    expect(isSignificantPodUpdate(pod([c('a', 'img:2')], { initContainers: [c('i', 'init:1')] }), before)).toBe(true);
  });
  it('is significant when an init container image changes', () => {
    expect(isSignificantPodUpdate(pod([c('a', 'img:1')], { initContainers: [c('i', 'init:2')] }), before)).toBe(true);
  });
  it('is significant when the number of containers changes', () => {
    expect(isSignificantPodUpdate(pod([c('a', 'img:1'), c('b', 'img:1')], { initContainers: [c('i', 'init:1')] }), before)).toBe(true);
  });
  it('is significant when an ephemeral container is added or its image changes, not when one stays', () => {
    const withDebug = pod([c('a', 'img:1')], { initContainers: [c('i', 'init:1')], ephemeralContainers: [c('debug', 'busybox')] });
    expect(isSignificantPodUpdate(withDebug, before)).toBe(true);
    expect(isSignificantPodUpdate(withDebug, withDebug)).toBe(false);
    expect(isSignificantPodUpdate(pod([c('a', 'img:1')], { initContainers: [c('i', 'init:1')], ephemeralContainers: [c('debug', 'alpine')] }), withDebug)).toBe(true);
  });
  it('ignores security context changes, as upstream (the API server forbids them on update)', () => {
    expect(isSignificantPodUpdate(pod([c('a', 'img:1', { securityContext: { privileged: true } })], { initContainers: [c('i', 'init:1')] }), before)).toBe(false);
  });
});
