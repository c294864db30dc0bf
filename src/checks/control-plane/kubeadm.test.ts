import { describe, expect, it } from 'vitest';
import { loadFiles } from '../../inputs/load.js';
import { objectsOfDocument } from '../../inputs/objects.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { scanManifestWithCheck, scanWithCheck } from '../../../test/helpers/fixture-scan.js';
import { tempDir } from '../../../test/helpers/temp.js';
import kubeletConfigInsecure from './kubelet-config-insecure/index.js';
import kubeadmInsecureFlags from './kubeadm-insecure-flags/index.js';
import { kubeadmCommandLines } from './kubeadm.js';

function linesOf(yaml: string) {
  const [object] = parseManifests(yaml, 'kubeadm.yaml').documents.flatMap((d) => objectsOfDocument(d, 'kubeadm.yaml').objects);
  if (!object) throw new Error('no object');
  return kubeadmCommandLines(object);
}

describe('the command lines kubeadm would write', () => {
  it('runs the four control-plane components of a ClusterConfiguration, even one that sets nothing', () => {
    const lines = linesOf('apiVersion: kubeadm.k8s.io/v1beta3\nkind: ClusterConfiguration\n');
    expect(lines.map((l) => l.component)).toEqual(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'etcd']);
    const [apiServer] = lines;
    expect(apiServer?.value('authorization-mode')?.value).toBe('Node,RBAC');
    expect(apiServer?.value('enable-admission-plugins')?.value).toBe('NodeRestriction');
    // kubeadm's own arguments point where an extra argument would change them.
    expect(apiServer?.value('client-ca-file')).toEqual({ value: '/etc/kubernetes/pki/ca.crt', path: ['apiServer', 'extraArgs', '--client-ca-file'], source: '--client-ca-file=/etc/kubernetes/pki/ca.crt' });
  });

  it('replaces kubeadm\'s argument by every extra argument of that name, the last one winning (v1beta4 lists)', () => {
    const [apiServer] = linesOf(`apiVersion: kubeadm.k8s.io/v1beta4
kind: ClusterConfiguration
certificatesDir: /pki
apiServer:
  extraArgs:
    - {name: enable-admission-plugins, value: "NodeRestriction,AlwaysPullImages"}
    - {name: enable-admission-plugins, value: EventRateLimit}
`);
    // pflag accumulates a list flag over its occurrences: kubeadm's NodeRestriction alone is gone.
    expect(apiServer?.values('enable-admission-plugins').map((v) => v.value)).toEqual(['NodeRestriction,AlwaysPullImages', 'EventRateLimit']);
    expect(apiServer?.values('enable-admission-plugins').map((v) => v.path)).toEqual([
      ['apiServer', 'extraArgs', 0, 'value'],
      ['apiServer', 'extraArgs', 1, 'value'],
    ]);
    expect(apiServer?.value('client-ca-file')?.value).toBe('/pki/ca.crt');
  });

  it('reads Cluster API maps, leaves out the local etcd beside an external one and the authorization mode beside a structured configuration', () => {
    const lines = linesOf(`apiVersion: controlplane.cluster.x-k8s.io/v1beta1
kind: KubeadmControlPlane
metadata: {name: cp}
spec:
  kubeadmConfigSpec:
    clusterConfiguration:
      etcd: {external: {endpoints: [https://etcd:2379]}}
      apiServer:
        extraArgs: {authorization-config: /etc/kubernetes/authz.yaml, profiling: "false", audit-log-maxage: 30}
    initConfiguration:
      nodeRegistration:
        kubeletExtraArgs: {read-only-port: "0"}
`);
    expect(lines.map((l) => l.component)).toEqual(['kube-apiserver', 'kube-controller-manager', 'kube-scheduler', 'kubelet']);
    const [apiServer] = lines;
    expect(apiServer?.has('authorization-mode')).toBe(false);
    expect(apiServer?.has('etcd-certfile')).toBe(false);
    expect(apiServer?.value('profiling')).toMatchObject({ value: 'false', path: ['spec', 'kubeadmConfigSpec', 'clusterConfiguration', 'apiServer', 'extraArgs', 'profiling'] });
    // Not a string: refused by Cluster API's schema, so no argument.
    expect(apiServer?.has('audit-log-maxage')).toBe(false);
    const kubelet = lines[3];
    expect(kubelet?.has('config')).toBe(true);
    expect(kubelet?.value('read-only-port')?.value).toBe('0');
  });

  it('runs no control plane for a worker\'s KubeadmConfig, and nothing for kinds kubeadm does not read', () => {
    expect(linesOf('apiVersion: bootstrap.cluster.x-k8s.io/v1beta1\nkind: KubeadmConfig\nmetadata: {name: w}\nspec:\n  joinConfiguration: {nodeRegistration: {name: w}}\n')).toEqual([]);
    expect(linesOf('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n')).toEqual([]);
  });
});

describe('kubeadm-insecure-flags on kube-system/kubeadm-config', () => {
  it('judges the ClusterConfiguration the ConfigMap holds, at its data key, naming the line within the value', () => {
    const { findings, errors } = scanManifestWithCheck(
      `apiVersion: v1
kind: ConfigMap
metadata: {name: kubeadm-config, namespace: kube-system}
data:
  ClusterConfiguration: |
    apiVersion: kubeadm.k8s.io/v1beta3
    kind: ClusterConfiguration
    apiServer:
      extraArgs:
        anonymous-auth: "true"
`,
      kubeadmInsecureFlags,
    );
    expect(errors).toEqual([]);
    const anonymous = findings.find((f) => f.path === 'data.ClusterConfiguration.apiServer.extraArgs.anonymous-auth');
    expect(anonymous?.message).toMatch(/^ClusterConfiguration in data\.ClusterConfiguration, line 5: kube-apiserver as kubeadm runs it: --anonymous-auth=true \(CIS 1\.2\.1\)/);
    expect(anonymous?.location.line).toBe(5);
    // The scheduler's missing --profiling=false is placed at the nearest field the value has: its root.
    expect(findings.find((f) => f.path.startsWith('data.ClusterConfiguration.scheduler'))?.message).toMatch(/, line 1: kube-scheduler as kubeadm runs it: --profiling is not set/);
  });
});

describe('kubelet-config-insecure on a kubeadm patch file', () => {
  const patch = `apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
serverTLSBootstrap: true
podPidsLimit: 4096
seccompDefault: true
protectKernelDefaults: true
`;
  const scanAs = (name: string, content = patch) => {
    const file = path.join(tempDir('rampart-patches-'), name);
    writeFileSync(file, content);
    return scanWithCheck([file], kubeletConfigInsecure);
  };

  it('judges a patch named as kubeadm names them over kubeadm defaults (client CA, rotation), and the same file under another name as a whole file', () => {
    for (const name of ['kubeletconfiguration+strategic.yaml', 'kubeletconfiguration0.yaml', 'kubeletconfiguration-nodes+merge.yaml']) {
      expect(scanAs(name).findings, name).toEqual([]);
    }
    const whole = scanAs('kubelet-config.yaml').findings;
    expect(whole.map((f) => f.message)).toEqual([expect.stringContaining('authentication.x509.clientCAFile is not set')]);
    // kubeadm's patch manager reads .yaml and .json files only.
    expect(scanAs('kubeletconfiguration.yml').findings).toHaveLength(1);
  });

  it('reads a patch that names neither apiVersion nor kind as the kubelet configuration its file name says it patches', () => {
    const untyped = patch.replace(/^apiVersion: .*\nkind: .*\n/, '');
    expect(scanAs('kubeletconfiguration+strategic.yaml', untyped).findings).toEqual([]);
    const insecure = scanAs('kubeletconfiguration-workers+merge.yaml', `${untyped}readOnlyPort: 10255\n`);
    expect(insecure.findings.map((f) => [f.object.kind, f.path, f.location.line])).toEqual([['KubeletConfiguration', 'readOnlyPort', 5]]);
    // Under another name it is no Kubernetes object, as before.
    const other = path.join(tempDir('rampart-patches-'), 'kubelet-extra.yaml');
    writeFileSync(other, `${untyped}readOnlyPort: 10255\n`);
    const loaded = loadFiles([other]);
    expect(loaded.objects).toEqual([]);
    expect(loaded.skipped.map((s) => s.reason)).toEqual(['not a Kubernetes object (no apiVersion and kind)']);
  });
});
