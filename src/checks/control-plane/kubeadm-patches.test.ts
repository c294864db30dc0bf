import { describe, expect, it } from 'vitest';
import { objectsOfDocument } from '../../inputs/objects.js';
import { kubeadmPatchFile } from '../../k8s/kubeadm-patches.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import { kubeadmCommandLines } from './kubeadm.js';
import { applyJsonPatch, JsonPatchError } from './kubeadm-json-patch.js';

/** A KubeadmControlPlane whose machines read patches from /etc/kubernetes/patches, given these files. */
function controlPlane(files: string, directory = '/etc/kubernetes/patches'): string {
  return `apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata: {name: cp, namespace: clusters}
spec:
  kubeadmConfigSpec:
    clusterConfiguration:
      apiServer:
        extraArgs: {profiling: "false"}
    joinConfiguration:
      patches: {directory: ${directory}}
    files:
${files}`;
}

const file = (path: string, content: string) => `      - path: ${path}\n        content: ${JSON.stringify(content)}\n`;

function apiServerOf(yaml: string) {
  const [object] = parseManifests(yaml, 'kcp.yaml').documents.flatMap((d) => objectsOfDocument(d, 'kcp.yaml').objects);
  if (!object) throw new Error('no object');
  return kubeadmCommandLines(object).find((l) => l.component === 'kube-apiserver');
}

const FILES = ['spec', 'kubeadmConfigSpec', 'files'];

describe('kubeadm patch file names, as its patch manager reads them', () => {
  it('takes the target and the patch type, strategic by default, and refuses what kubeadm refuses or ignores', () => {
    expect(kubeadmPatchFile('/etc/kubernetes/patches/kube-apiserver+json.json')).toEqual({ target: 'kube-apiserver', type: 'json' });
    expect(kubeadmPatchFile('etcd0.yaml')).toEqual({ target: 'etcd', type: 'strategic' });
    expect(kubeadmPatchFile('kubeletconfiguration-workers+merge.yaml')).toEqual({ target: 'kubeletconfiguration', type: 'merge' });
    // kubeadm's pattern is not anchored at its end.
    expect(kubeadmPatchFile('kube-apiserver.old.yaml')).toEqual({ target: 'kube-apiserver', type: 'strategic' });
    expect(kubeadmPatchFile('kube-scheduler+jsonpatch.yaml')).toEqual({ target: 'kube-scheduler', type: 'json' });
    // A `+` without a known type is an error; other extensions and names are ignored.
    expect(kubeadmPatchFile('kube-apiserver+yaml.yaml')).toBeUndefined();
    expect(kubeadmPatchFile('kube-apiserver.yml')).toBeUndefined();
    expect(kubeadmPatchFile('apiserver.yaml')).toBeUndefined();
    expect(kubeadmPatchFile('kube-proxy.yaml')).toBeUndefined();
  });
});

describe('kubeadm patches of the static pods, as Cluster API machines get them', () => {
  it('applies a JSON patch to the command, reporting what it adds at the file that holds it', () => {
    const apiServer = apiServerOf(
      controlPlane(
        file('/etc/kubernetes/patches/kube-apiserver+json.json', JSON.stringify([
          { op: 'add', path: '/spec/containers/0/command/-', value: '--anonymous-auth=true' },
          { op: 'add', path: '/spec/containers/0/command/-', value: '--audit-log-path' },
          { op: 'add', path: '/spec/containers/0/command/-', value: '/var/log/audit.log' },
          // Parts of the pod that hold no command line are not modelled and change nothing.
          { op: 'add', path: '/spec/volumes/-', value: { name: 'audit', hostPath: { path: '/var/log' } } },
          { op: 'test', path: '/spec/containers/0/image', value: 'registry.k8s.io/kube-apiserver:v1.33.0' },
        ])),
      ),
    );
    expect(apiServer?.where).toBe('as kubeadm runs it with the patch /etc/kubernetes/patches/kube-apiserver+json.json');
    expect(apiServer?.bool('anonymous-auth')).toEqual({ value: 'true', path: [...FILES, 0, 'content'], source: '--anonymous-auth=true' });
    expect(apiServer?.value('audit-log-path')).toEqual({ value: '/var/log/audit.log', path: [...FILES, 0, 'content'], source: '--audit-log-path /var/log/audit.log' });
    // kubeadm's own arguments and the extra arguments keep their places.
    expect(apiServer?.value('profiling')?.path).toEqual(['spec', 'kubeadmConfigSpec', 'clusterConfiguration', 'apiServer', 'extraArgs', 'profiling']);
    expect(apiServer?.value('client-ca-file')?.path).toEqual(['spec', 'kubeadmConfigSpec', 'clusterConfiguration', 'apiServer', 'extraArgs', '--client-ca-file']);
  });

  it("replaces the command by a strategic or merge patch's, and reads none where a patch removes the container", () => {
    const strategic = apiServerOf(
      controlPlane(file('/etc/kubernetes/patches/kube-apiserver+strategic.yaml', 'spec:\n  containers:\n    - name: kube-apiserver\n      command: [kube-apiserver, --profiling=true]\n      args: [--secure-port=6443]\n')),
    );
    expect(strategic?.value('profiling')).toMatchObject({ value: 'true', path: [...FILES, 0, 'content'] });
    expect(strategic?.has('client-ca-file')).toBe(false);
    expect(strategic?.value('secure-port')?.value).toBe('6443');
    // Another container of the list is merged beside it: the command stays kubeadm's.
    const sidecar = apiServerOf(controlPlane(file('/etc/kubernetes/patches/kube-apiserver.yaml', 'spec:\n  containers:\n    - name: audit-shipper\n      command: [shipper]\n')));
    expect(sidecar?.where).toBe('as kubeadm runs it');
    // A merge patch replaces the list: the container has only what the patch gives it.
    const merge = apiServerOf(controlPlane(file('/etc/kubernetes/patches/kube-apiserver+merge.yaml', 'spec:\n  containers:\n    - name: kube-apiserver\n      command: [kube-apiserver, --anonymous-auth=true]\n')));
    expect(merge?.bool('anonymous-auth')?.value).toBe('true');
    expect(merge?.has('profiling')).toBe(false);
    expect(apiServerOf(controlPlane(file('/etc/kubernetes/patches/kube-apiserver+strategic.yaml', 'spec:\n  containers:\n    - {name: kube-apiserver, $patch: delete}\n')))).toBeUndefined();
  });

  it("applies the patches in kubeadm's order, each over the one before, subdirectories included", () => {
    const add = (value: string) => JSON.stringify([{ op: 'add', path: '/spec/containers/0/command/-', value }]);
    const apiServer = apiServerOf(
      controlPlane(
        file('/etc/kubernetes/patches/kube-apiserver1+json.json', add('--profiling=true')) +
          file('/etc/kubernetes/patches/kube-apiserver0+json.json', add('--profiling=maybe')) +
          // filepath.Walk enters a directory in the order of its name ("kube-apiserver0+json.json" < "z").
          file('/etc/kubernetes/patches/z/kube-apiserver+json.json', add('--anonymous-auth=true')),
      ),
    );
    expect(apiServer?.values('profiling').map((v) => v.value)).toEqual(['false', 'maybe', 'true']);
    expect(apiServer?.bool('anonymous-auth')?.path).toEqual([...FILES, 2, 'content']);
  });

  it('applies nothing outside the patches directory, without one, or when a patch fails (kubeadm then stops)', () => {
    const anonymous = file('/etc/kubernetes/patches/kube-apiserver+json.json', JSON.stringify([{ op: 'add', path: '/spec/containers/0/command/-', value: '--anonymous-auth=true' }]));
    expect(apiServerOf(controlPlane(anonymous, '/etc/kubeadm/patches'))?.has('anonymous-auth')).toBe(false);
    expect(apiServerOf(controlPlane(anonymous).replace(/ {4}joinConfiguration:\n.*\n/, ''))?.has('anonymous-auth')).toBe(false);
    const failing = file('/etc/kubernetes/patches/kube-apiserver+json.json', JSON.stringify([{ op: 'replace', path: '/spec/containers/0/command/99', value: '--anonymous-auth=true' }]));
    expect(apiServerOf(controlPlane(failing))?.where).toBe('as kubeadm runs it');
    expect(apiServerOf(controlPlane(file('/etc/kubernetes/patches/kube-apiserver+json.json', '{"op": "add"}')))?.where).toBe('as kubeadm runs it');
  });
});

describe('JSON patches as evanphx/json-patch v4 applies them', () => {
  it('keeps its leniencies: replace adds a missing key, negative indices count from the end, a missing key tests equal to null', () => {
    expect(applyJsonPatch({ a: 1 }, [{ op: 'replace', path: '/b', value: 2 }])).toEqual({ a: 1, b: 2 });
    expect(applyJsonPatch({ l: ['x', 'y'] }, [{ op: 'add', path: '/l/-2', value: 'z' }, { op: 'remove', path: '/l/-1' }])).toEqual({ l: ['x', 'z'] });
    expect(applyJsonPatch({ a: 1 }, [{ op: 'test', path: '/b', value: null }])).toEqual({ a: 1 });
    expect(() => applyJsonPatch({ a: 1 }, [{ op: 'remove', path: '/b' }])).toThrow(JsonPatchError);
    expect(() => applyJsonPatch({ l: [] }, [{ op: 'add', path: '/l/1', value: 'x' }])).toThrow(JsonPatchError);
  });

  it('writes `__proto__` as a key of the document, never as its prototype', () => {
    const doc = applyJsonPatch({}, [{ op: 'add', path: '/__proto__', value: { polluted: true } }]) as Record<string, unknown>;
    expect(Object.getPrototypeOf(doc)).toBe(Object.prototype);
    expect(Object.keys(doc)).toEqual(['__proto__']);
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });
});
