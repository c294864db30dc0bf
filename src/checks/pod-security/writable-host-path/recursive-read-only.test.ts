import { describe, expect, it } from 'vitest';
import type { Finding } from '../../../core/finding.js';
import { objectsOfDocument } from '../../../inputs/objects.js';
import { parseManifests } from '../../../k8s/yaml/parse.js';
import { runChecks } from '../../../scan/engine.js';
import type { ScanSettings } from '../../api.js';
import writableHostPath from './index.js';
import { submountsOf } from './submounts.js';

function findings(hostPath: string, mount: string, settings: ScanSettings = {}): Array<Pick<Finding, 'severity' | 'message'>> {
  const text = `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: c\n      image: nginx:1.27\n      volumeMounts:\n        - {name: h, mountPath: /host, ${mount}}\n  volumes:\n    - {name: h, hostPath: {path: "${hostPath}"}}\n`;
  const objects = parseManifests(text, 'test.yaml').documents.flatMap((d) => objectsOfDocument(d, 'test.yaml').objects);
  const policy = { checks: [{ check: writableHostPath, severityOverride: undefined, params: {} }], settings, exemptions: [], allowAnnotationIgnore: false, allowOtherToolAnnotations: false };
  const out: Finding[] = [];
  runChecks(objects, policy, (batch) => out.push(...batch));
  return out.map((f) => ({ severity: f.severity, message: f.message }));
}

const sys = 'container "c" mounts host path "/sys" (volume "h") at /host with readOnly: true, which is not recursive: the node\'s mounts below it (/sys/fs/cgroup, /sys/kernel/security, /sys/firmware/efi/efivars, ...) stay writable';

describe('writable-host-path and read-only mounts that are not recursive', () => {
  it('reports them at medium, below a read-write mount, and recommends recursiveReadOnly from 1.31 (or with no target)', () => {
    expect(findings('/sys', 'readOnly: false')[0]?.severity).toBe('high');
    expect(findings('/sys', 'readOnly: true')).toEqual([{ severity: 'medium', message: `${sys} (set recursiveReadOnly: Enabled)` }]);
    expect(findings('/sys', 'readOnly: true', { kubeVersion: '1.31' })).toEqual(findings('/sys', 'readOnly: true'));
    expect(findings('/sys', 'readOnly: true, mountPropagation: HostToContainer')[0]?.message).toBe(
      `${sys} (set recursiveReadOnly: Enabled, which requires dropping mountPropagation: HostToContainer, so mounts the node adds later no longer appear in the container)`,
    );
  });

  it('accepts recursiveReadOnly Enabled and IfPossible where the gate is on by default, not Disabled', () => {
    expect(findings('/sys', 'readOnly: true, recursiveReadOnly: Enabled')).toEqual([]);
    expect(findings('/sys', 'readOnly: true, recursiveReadOnly: IfPossible', { kubeVersion: 'v1.33.1' })).toEqual([]);
    expect(findings('/sys', 'readOnly: true, recursiveReadOnly: Disabled')).toHaveLength(1);
    expect(findings('/sys', 'readOnly: true, recursiveReadOnly: enabled')).toHaveLength(1);
  });

  it('names the feature gate in 1.30, where recursiveReadOnly is alpha, and does not recommend it before', () => {
    expect(findings('/sys', 'readOnly: true', { kubeVersion: '1.30' })[0]?.message).toBe(
      `${sys} (set recursiveReadOnly: Enabled, which needs the RecursiveReadOnlyMounts feature gate (alpha, off by default in 1.30) on the API server and the kubelets, or mount only the subdirectory the container needs)`,
    );
    expect(findings('/sys', 'readOnly: true, recursiveReadOnly: Enabled', { kubeVersion: '1.30' })[0]?.message).toBe(
      `${sys} unless the RecursiveReadOnlyMounts feature gate (alpha, off by default in 1.30) on the API server and the kubelets is enabled (otherwise the API server drops recursiveReadOnly: Enabled)`,
    );
    expect(findings('/sys', 'readOnly: true', { kubeVersion: '1.29' })[0]?.message).toBe(
      `${sys} (mount only the subdirectory the container needs, or upgrade to 1.31+ and set recursiveReadOnly: Enabled)`,
    );
    expect(findings('/sys', 'readOnly: true, recursiveReadOnly: Enabled', { kubeVersion: '1.28' })[0]?.message).toContain('Kubernetes 1.28 drops recursiveReadOnly, which arrives in 1.30');
  });

  it('leaves alone host paths that hold no mount, and subPath mounts', () => {
    for (const path of ['/var/log', '/etc', '/sys/kernel/security', '/sys/fs/cgroup', '/run/falco', '/lib/modules', '/var/lib/containerd']) {
      expect(findings(path, 'readOnly: true'), path).toEqual([]);
    }
    expect(findings('/', 'readOnly: true, subPath: etc')).toEqual([]);
  });
});

describe('submountsOf', () => {
  it('lists the node mounts at or below a host path: above a mount point, or at, above or inside a tree of mounts', () => {
    expect(submountsOf('/proc')).toEqual(['/proc/sys/fs/binfmt_misc']);
    expect(submountsOf('/proc/sys/fs/binfmt_misc')).toEqual([]);
    expect(submountsOf('/dev')).toEqual(['/dev/pts', '/dev/shm', '/dev/mqueue', '/dev/hugepages']);
    expect(submountsOf('/sys/kernel')).toEqual(['/sys/kernel/security', '/sys/kernel/debug', '/sys/kernel/tracing', '/sys/kernel/config']);
    expect(submountsOf('/var/lib/kubelet/')).toEqual(['/var/lib/kubelet/pods', '/var/lib/kubelet/plugins']);
    expect(submountsOf('/var/lib/kubelet/pods/1234')).toEqual(['/var/lib/kubelet/pods/1234']);
    expect(submountsOf('/var/lib/kubelet/pki')).toEqual([]);
    expect(submountsOf('/boot')).toEqual(['/boot/efi']);
    expect(submountsOf('/var/run/containerd')).toEqual(['/var/run/containerd']);
    expect(submountsOf('/tmp/../run')).toEqual(['/run/containerd', '/run/k3s/containerd', '/run/containers/storage']);
    expect(submountsOf('/').length).toBeGreaterThan(15);
    expect(submountsOf('C:\\')).toEqual([]);
  });
});
