/*
 * Reading a RESOURCE argument as kubectl does: schema.ParseResourceArg (RESOURCE.VERSION.GROUP
 * when there are two dots or more and that version is served, else RESOURCE.GROUP with everything
 * after the first dot as the group), lowercased, against the built-in resources and the input's
 * CustomResourceDefinitions.
 */
import { describe, expect, it } from 'vitest';
import { loadSources } from '../../src/inputs/load.js';
import { builtInResources, customResources, type Resolution, resolveResource } from '../../src/rbac/resources.js';

const crds = loadSources([
  {
    name: 'crds.yaml',
    text: `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata: {name: widgets.example.com}
spec:
  group: example.com
  scope: Namespaced
  names: {plural: widgets, singular: widget, kind: Widget, shortNames: [wd]}
  versions:
  - {name: v1, served: true, storage: true, subresources: {status: {}}}
  - {name: v1beta1, served: false, storage: false}
---
apiVersion: apiextensions.k8s.io/v1beta1
kind: CustomResourceDefinition
metadata: {name: gizmos.v2.example.net}
spec:
  group: v2.example.net
  version: v1alpha1
  scope: Cluster
  names: {plural: gizmos, kind: Gizmo}
`,
  },
]).objects;
const RESOURCES = [...builtInResources(), ...customResources(crds)];

const read = (text: string) => {
  const r: Resolution = resolveResource(text, RESOURCES);
  if (!r.ok) return { error: r.message };
  const { group, resource, subresource, known } = r.value;
  return { resource: `${resource}.${group}${subresource ? `/${subresource}` : ''}`, known: known?.origin ?? 'unknown', ...(r.warning ? { warning: r.warning } : {}) };
};

describe('resolveResource', () => {
  it('reads RESOURCE.VERSION.GROUP when the group serves the resource in that version', () => {
    expect(read('deployments.v1.apps')).toEqual({ resource: 'deployments.apps', known: 'built-in' });
    expect(read('deploy.v1.apps/scale')).toEqual({ resource: 'deployments.apps/scale', known: 'built-in' });
    expect(read('hpa.v1.autoscaling')).toEqual({ resource: 'horizontalpodautoscalers.autoscaling', known: 'built-in' });
    expect(read('horizontalpodautoscaler.v2.autoscaling')).toEqual({ resource: 'horizontalpodautoscalers.autoscaling', known: 'built-in' });
    expect(read('widgets.v1.example.com')).toEqual({ resource: 'widgets.example.com', known: 'custom' });
    // The core group is empty: `pods.v1.` is pods in v1 of it.
    expect(read('pods.v1.')).toEqual({ resource: 'pods.', known: 'built-in' });
  });

  it('reads RESOURCE.GROUP otherwise, the group being everything after the first dot', () => {
    expect(read('deployments.apps')).toEqual({ resource: 'deployments.apps', known: 'built-in' });
    expect(read('certificatesigningrequests.certificates.k8s.io')).toEqual({ resource: 'certificatesigningrequests.certificates.k8s.io', known: 'built-in' });
    expect(read('widgets.example.com')).toEqual({ resource: 'widgets.example.com', known: 'custom' });
    expect(read('wd.example.com/status')).toEqual({ resource: 'widgets.example.com/status', known: 'custom' });
    // A v1beta1 CRD names its one version in spec.version; its group has a dot-separated "v2".
    expect(read('gizmos.v2.example.net')).toEqual({ resource: 'gizmos.v2.example.net', known: 'custom' });
    expect(read('gizmos.v1alpha1.v2.example.net')).toEqual({ resource: 'gizmos.v2.example.net', known: 'custom' });
    expect(read('userextras.authentication.k8s.io/example.com/team')).toEqual({ resource: 'userextras.authentication.k8s.io/example.com/team', known: 'authorization' });
  });

  it('lowercases the resource and group as kubectl does, not the subresource', () => {
    expect(read('Deployments.V1.Apps')).toEqual({ resource: 'deployments.apps', known: 'built-in' });
    expect(read('Widgets.Example.COM')).toEqual({ resource: 'widgets.example.com', known: 'custom' });
    expect(read('Gadgets.Example.COM/Status')).toMatchObject({ resource: 'gadgets.example.com/Status', known: 'unknown' });
  });

  it('answers for an unknown resource of a group as written, with a warning that says what is unknown', () => {
    expect(read('deployments.v9.apps')).toEqual({
      resource: 'deployments.v9.apps',
      known: 'unknown',
      warning: 'unknown group "v9.apps": no built-in resource of Kubernetes 1.37 nor CustomResourceDefinition in the input is in it (read as RESOURCE.VERSION.GROUP: deployments.apps is served in v1, not v9); answering for deployments.v9.apps as written',
    });
    // A version the CRD does not serve is no version of it.
    expect(read('widgets.v1beta1.example.com')).toMatchObject({ resource: 'widgets.v1beta1.example.com', known: 'unknown', warning: expect.stringContaining('widgets.example.com is served in v1, not v1beta1') });
    expect(read('pods.v1')).toMatchObject({ resource: 'pods.v1', known: 'unknown', warning: expect.stringMatching(/^unknown group "v1": /) });
    expect(read('gadgets.apps')).toEqual({
      resource: 'gadgets.apps',
      known: 'unknown',
      warning: 'unknown resource "gadgets" in group "apps": not a built-in resource of Kubernetes 1.37 nor defined by a CustomResourceDefinition in the input; answering for gadgets.apps as written',
    });
    expect(read('gadgets.example.org')).toMatchObject({ known: 'unknown', warning: expect.stringMatching(/^unknown group "example.org": .*; answering for gadgets.example.org as written$/) });
  });

  it('refuses an unknown name without a group, and what is no resource', () => {
    expect(read('gadgets')).toEqual({ error: expect.stringMatching(/^unknown resource "gadgets": .*write it as RESOURCE.GROUP/) });
    expect(read('*')).toEqual({ error: expect.stringContaining('is not a resource') });
    expect(read('pods/exec/x')).toEqual({ error: expect.stringContaining('is not a resource') });
    expect(read('deployments.v1.apps/scale/x')).toEqual({ error: expect.stringContaining('is not a resource') });
  });
});
