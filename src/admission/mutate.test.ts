import { describe, expect, it } from 'vitest';
import { safeDefaults } from './mutate.js';
import type { AdmissionRequest } from './review.js';

const req = (resource: string, group: string, object: Record<string, unknown>, extra: Partial<AdmissionRequest> = {}): AdmissionRequest => ({
  uid: 'u',
  kind: { group, version: 'v1', kind: 'X' },
  resource: { group, version: 'v1', resource },
  subResource: '',
  name: 'x',
  namespace: 'ns',
  operation: 'CREATE',
  username: '',
  object,
  oldObject: undefined,
  dryRun: false,
  ...extra,
});

describe('safe defaults (JSON Patch)', () => {
  it('patches a Deployment template under its path, creating missing objects once', () => {
    const m = safeDefaults(req('deployments', 'apps', { spec: { template: { spec: { containers: [{ name: 'a', image: 'i' }] } } } }));
    expect(m.patch).toEqual([
      { op: 'add', path: '/spec/template/spec/securityContext', value: { seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: true } },
      { op: 'add', path: '/spec/template/spec/containers/0/securityContext', value: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ]);
    expect(m.changes).toEqual([
      'spec.template.spec.securityContext.seccompProfile.type=RuntimeDefault',
      'spec.template.spec.securityContext.runAsNonRoot=true',
      'spec.template.spec.containers[0].securityContext.allowPrivilegeEscalation=false',
      'spec.template.spec.containers[0].securityContext.capabilities.drop=[ALL]',
    ]);
  });

  it('patches a CronJob job template', () => {
    const m = safeDefaults(req('cronjobs', 'batch', { spec: { jobTemplate: { spec: { template: { spec: { securityContext: {}, containers: [] } } } } } }));
    expect(m.patch.map((p) => p.path)).toEqual(['/spec/jobTemplate/spec/template/spec/securityContext/seccompProfile', '/spec/jobTemplate/spec/template/spec/securityContext/runAsNonRoot']);
  });

  it('never changes a value that is set, even an unsafe one', () => {
    const m = safeDefaults(req('pods', '', { spec: { securityContext: { seccompProfile: { type: 'Unconfined' }, runAsNonRoot: false }, containers: [{ name: 'a', securityContext: { allowPrivilegeEscalation: true, capabilities: { drop: [] } } }] } }));
    expect(m.patch).toEqual([]);
  });

  it('skips defaults the API server or kubelet would refuse', () => {
    const m = safeDefaults(req('pods', '', { spec: { containers: [{ name: 'p', securityContext: { privileged: true } }, { name: 's', securityContext: { runAsUser: 0, capabilities: { add: ['SYS_ADMIN'] } } }] } }));
    // privileged: no allowPrivilegeEscalation=false and no dropped capabilities; SYS_ADMIN: no allowPrivilegeEscalation=false; runAsUser 0: no runAsNonRoot.
    expect(m.patch).toEqual([
      { op: 'add', path: '/spec/securityContext', value: { seccompProfile: { type: 'RuntimeDefault' } } },
      { op: 'add', path: '/spec/containers/1/securityContext/capabilities/drop', value: ['ALL'] },
    ]);
  });

  it('adds no seccompProfile next to the legacy pod seccomp annotation, which the API server requires to match the field', () => {
    const containers = [{ name: 'app', image: 'i' }];
    const rest = [
      { op: 'add', path: '/spec/securityContext', value: { runAsNonRoot: true } },
      { op: 'add', path: '/spec/containers/0/securityContext', value: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ];
    for (const value of ['unconfined', 'localhost/profiles/audit.json', 'runtime/default', '']) {
      const m = safeDefaults(req('pods', '', { metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': value } }, spec: { containers } }));
      expect(m.patch, value).toEqual(rest);
    }
    // The annotation of a pod template is the template's own, not the controller's.
    const template = { metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, spec: { containers } };
    const deployment = safeDefaults(req('deployments', 'apps', { spec: { template } }, { operation: 'UPDATE' }));
    expect(deployment.patch.map((p) => p.path)).toEqual(['/spec/template/spec/securityContext', '/spec/template/spec/containers/0/securityContext']);
    expect(deployment.changes).not.toContain('spec.template.spec.securityContext.seccompProfile.type=RuntimeDefault');
    const cronJob = safeDefaults(req('cronjobs', 'batch', { spec: { jobTemplate: { spec: { template } } } }));
    expect(cronJob.changes.filter((c) => c.includes('seccompProfile'))).toEqual([]);
    const onController = safeDefaults(req('deployments', 'apps', { metadata: { annotations: { 'seccomp.security.alpha.kubernetes.io/pod': 'unconfined' } }, spec: { template: { spec: { containers } } } }));
    expect(onController.changes).toContain('spec.template.spec.securityContext.seccompProfile.type=RuntimeDefault');
  });

  it('keeps the pod-level seccompProfile next to per-container seccomp and AppArmor annotations, and sets no container profile', () => {
    // The API server compares a container's annotation with that container's own field only.
    const annotations = { 'container.seccomp.security.alpha.kubernetes.io/app': 'unconfined', 'container.apparmor.security.beta.kubernetes.io/app': 'unconfined' };
    const m = safeDefaults(req('pods', '', { metadata: { annotations }, spec: { containers: [{ name: 'app', image: 'i' }] } }));
    expect(m.patch).toEqual([
      { op: 'add', path: '/spec/securityContext', value: { seccompProfile: { type: 'RuntimeDefault' }, runAsNonRoot: true } },
      { op: 'add', path: '/spec/containers/0/securityContext', value: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } },
    ]);
  });

  it('leaves Windows pods alone', () => {
    expect(safeDefaults(req('pods', '', { spec: { os: { name: 'windows' }, containers: [{ name: 'a' }] } })).patch).toEqual([]);
  });

  it('does not patch pod updates, except new ephemeral containers', () => {
    const old = { spec: { containers: [{ name: 'a' }], ephemeralContainers: [{ name: 'd1' }] } };
    const object = { spec: { containers: [{ name: 'a' }], ephemeralContainers: [{ name: 'd1' }, { name: 'd2' }] } };
    expect(safeDefaults(req('pods', '', object, { operation: 'UPDATE', oldObject: old })).patch).toEqual([]);
    const m = safeDefaults(req('pods', '', object, { operation: 'UPDATE', oldObject: old, subResource: 'ephemeralcontainers' }));
    expect(m.patch).toEqual([{ op: 'add', path: '/spec/ephemeralContainers/1/securityContext', value: { allowPrivilegeEscalation: false, capabilities: { drop: ['ALL'] } } }]);
  });

  it('ignores objects without a pod template', () => {
    expect(safeDefaults(req('services', '', { spec: {} })).patch).toEqual([]);
    expect(safeDefaults(req('deployments', 'apps', { spec: {} })).patch).toEqual([]);
  });
});
