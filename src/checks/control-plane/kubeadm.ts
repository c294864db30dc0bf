import type { Path } from '../../core/path.js';
import { asArray, asRecord, asString, getIn, type JsonRecord } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import { type Argument, CommandLine, type Component } from './command-line.js';
import { capiStaticPodPatches, patchedWords, type StaticPodPatch } from './kubeadm-patches.js';

/*
 * kubeadm's configuration (ClusterConfiguration, InitConfiguration, JoinConfiguration) and Cluster
 * API's kubeadm providers (KubeadmControlPlane, KubeadmConfig and their templates) hold no command
 * line: kubeadm writes the static pods' from arguments of its own with the configuration's extraArgs
 * over them (cmd/kubeadm/app/phases/controlplane/manifests.go and phases/etcd/local.go), and the
 * kubelet's from nodeRegistration.kubeletExtraArgs beside --config=/var/lib/kubelet/config.yaml.
 * The command lines here are the ones kubeadm would write, so the flag rules judge what would run.
 * An argument of kubeadm's own is reported at the extraArgs that would change it; so is one missing.
 */

const KUBEADM_AS_WRITTEN = 'as kubeadm runs it';

/** Where a kind keeps its kubeadm sections: the ClusterConfiguration (when it runs a control plane) and the nodeRegistrations. */
interface Layout {
  /** The prefix of the kubeadm configuration specs inside the object. */
  readonly spec: Path;
  /** Whether the object always runs a control plane (its ClusterConfiguration may be left to kubeadm's defaults). */
  readonly controlPlane: 'always' | 'when-configured' | 'never';
  /** The ClusterConfiguration below `spec`; `[]` for a ClusterConfiguration itself. */
  readonly cluster?: Path;
  readonly nodeRegistrations: readonly Path[];
}

const CAPI_SPEC = { cluster: ['clusterConfiguration'], nodeRegistrations: [['initConfiguration', 'nodeRegistration'], ['joinConfiguration', 'nodeRegistration']] };

const LAYOUTS: Readonly<Record<string, Layout>> = {
  ClusterConfiguration: { spec: [], controlPlane: 'always', cluster: [], nodeRegistrations: [] },
  InitConfiguration: { spec: [], controlPlane: 'never', nodeRegistrations: [['nodeRegistration']] },
  JoinConfiguration: { spec: [], controlPlane: 'never', nodeRegistrations: [['nodeRegistration']] },
  KubeadmControlPlane: { spec: ['spec', 'kubeadmConfigSpec'], controlPlane: 'always', ...CAPI_SPEC },
  KubeadmControlPlaneTemplate: { spec: ['spec', 'template', 'spec', 'kubeadmConfigSpec'], controlPlane: 'always', ...CAPI_SPEC },
  KubeadmConfig: { spec: ['spec'], controlPlane: 'when-configured', ...CAPI_SPEC },
  KubeadmConfigTemplate: { spec: ['spec', 'template', 'spec'], controlPlane: 'when-configured', ...CAPI_SPEC },
};

/** Every component command line kubeadm would write from this object (a kind of LAYOUTS, or none). */
export function kubeadmCommandLines(object: Pick<K8sObject, 'kind' | 'body'>): CommandLine[] {
  const layout = LAYOUTS[object.kind];
  if (!layout) return [];
  const lines: CommandLine[] = [];
  if (layout.cluster && layout.controlPlane !== 'never') {
    const path = [...layout.spec, ...layout.cluster];
    const cluster = asRecord(getIn(object.body, ...path.map(String)));
    if (cluster || layout.controlPlane === 'always') lines.push(...controlPlaneLines(object.body, cluster ?? {}, path, capiStaticPodPatches(object.body, layout.spec)));
  }
  for (const registration of layout.nodeRegistrations) {
    const path = [...layout.spec, ...registration, 'kubeletExtraArgs'];
    if (getIn(object.body, ...path.map(String)) === undefined) continue;
    const base: Argument[] = [{ name: 'config', value: '/var/lib/kubelet/config.yaml', path: [...path, '--config'] }];
    lines.push(CommandLine.ofArguments('kubelet', merged(base, extraArgs(object.body, path)), path, KUBEADM_AS_WRITTEN));
  }
  return lines;
}

function controlPlaneLines(body: JsonRecord, cluster: JsonRecord, at: Path, patches: readonly StaticPodPatch[]): CommandLine[] {
  const pki = asString(cluster.certificatesDir) || '/etc/kubernetes/pki';
  const externalEtcd = asRecord(getIn(cluster, 'etcd', 'external'));
  const line = (component: Component, section: Path, base: ReadonlyArray<readonly [string, string]>) => {
    const path = [...at, ...section, 'extraArgs'];
    const args = merged(base.map(([name, value]) => ({ name, value, path: [...path, `--${name}`] })), extraArgs(body, path));
    if (!patches.some((p) => p.target === component)) return CommandLine.ofArguments(component, args, path, KUBEADM_AS_WRITTEN);
    const words = [{ text: component, path }, ...args.map((a) => ({ text: `--${a.name}=${a.value}`, path: a.path }))];
    const patched = patchedWords(component, words, patches);
    if (patched.applied.length === 0) return CommandLine.ofArguments(component, args, path, KUBEADM_AS_WRITTEN);
    const where = `${KUBEADM_AS_WRITTEN} with the patch${patched.applied.length === 1 ? '' : 'es'} ${patched.applied.join(', ')}`;
    return patched.words && CommandLine.ofWords(patched.words, path, where);
  };
  const kubeconfig = (file: string) => [['kubeconfig', file], ['authentication-kubeconfig', file], ['authorization-kubeconfig', file]] as const;
  const lines = [
    line('kube-apiserver', ['apiServer'], [
      ['enable-admission-plugins', 'NodeRestriction'],
      ['service-account-key-file', `${pki}/sa.pub`],
      ['service-account-signing-key-file', `${pki}/sa.key`],
      ['service-account-issuer', 'https://kubernetes.default.svc.cluster.local'],
      ['client-ca-file', `${pki}/ca.crt`],
      ['tls-cert-file', `${pki}/apiserver.crt`],
      ['tls-private-key-file', `${pki}/apiserver.key`],
      ['kubelet-client-certificate', `${pki}/apiserver-kubelet-client.crt`],
      ['kubelet-client-key', `${pki}/apiserver-kubelet-client.key`],
      ['enable-bootstrap-token-auth', 'true'],
      ['secure-port', '6443'],
      ['allow-privileged', 'true'],
      ['requestheader-client-ca-file', `${pki}/front-proxy-ca.crt`],
      ['proxy-client-cert-file', `${pki}/front-proxy-client.crt`],
      ['proxy-client-key-file', `${pki}/front-proxy-client.key`],
      ...etcdClientArgs(externalEtcd, pki),
      // kubeadm sets no authorization mode beside a structured authorization configuration.
      ...(hasArg(body, [...at, 'apiServer', 'extraArgs'], 'authorization-config') ? [] : [['authorization-mode', 'Node,RBAC'] as const]),
    ]),
    line('kube-controller-manager', ['controllerManager'], [
      ['bind-address', '127.0.0.1'],
      ['leader-elect', 'true'],
      ...kubeconfig('/etc/kubernetes/controller-manager.conf'),
      ['client-ca-file', `${pki}/ca.crt`],
      ['requestheader-client-ca-file', `${pki}/front-proxy-ca.crt`],
      ['root-ca-file', `${pki}/ca.crt`],
      ['service-account-private-key-file', `${pki}/sa.key`],
      ['cluster-signing-cert-file', `${pki}/ca.crt`],
      ['cluster-signing-key-file', `${pki}/ca.key`],
      ['use-service-account-credentials', 'true'],
      ['controllers', '*,bootstrapsigner,tokencleaner'],
    ]),
    line('kube-scheduler', ['scheduler'], [['bind-address', '127.0.0.1'], ['leader-elect', 'true'], ...kubeconfig('/etc/kubernetes/scheduler.conf')]),
  ];
  if (!externalEtcd) {
    lines.push(
      line('etcd', ['etcd', 'local'], [
        ['cert-file', `${pki}/etcd/server.crt`],
        ['key-file', `${pki}/etcd/server.key`],
        ['trusted-ca-file', `${pki}/etcd/ca.crt`],
        ['client-cert-auth', 'true'],
        ['peer-cert-file', `${pki}/etcd/peer.crt`],
        ['peer-key-file', `${pki}/etcd/peer.key`],
        ['peer-trusted-ca-file', `${pki}/etcd/ca.crt`],
        ['peer-client-cert-auth', 'true'],
      ]),
    );
  }
  // A patch may leave a component without a command line this scan can read (its container removed).
  return lines.filter((l): l is CommandLine => l !== undefined);
}

/** The API server's etcd client files: kubeadm's own for its local etcd, the configured ones for an external etcd. */
function etcdClientArgs(external: JsonRecord | undefined, pki: string): Array<readonly [string, string]> {
  if (!external) return [['etcd-cafile', `${pki}/etcd/ca.crt`], ['etcd-certfile', `${pki}/apiserver-etcd-client.crt`], ['etcd-keyfile', `${pki}/apiserver-etcd-client.key`]];
  const args: Array<readonly [string, string]> = [];
  const ca = asString(external.caFile);
  const cert = asString(external.certFile);
  const key = asString(external.keyFile);
  if (ca) args.push(['etcd-cafile', ca]);
  if (cert && key) args.push(['etcd-certfile', cert], ['etcd-keyfile', key]);
  return args;
}

/**
 * kubeadm's ArgumentsToCommand: its own arguments (sorted by name) but those an extra argument of the
 * same name replaces, then the extra arguments in their order.
 */
function merged(base: readonly Argument[], extra: readonly Argument[]): Argument[] {
  const replaced = new Set(extra.map((a) => a.name));
  return [...[...base].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0)).filter((a) => !replaced.has(a.name)), ...extra];
}

/**
 * extraArgs in either form: the map of kubeadm v1beta3 and Cluster API v1beta1 (`name: value`), or the
 * list of kubeadm v1beta4 and Cluster API v1beta2 (`- {name, value}`, where a name may repeat).
 */
function extraArgs(body: unknown, path: Path): Argument[] {
  const value = getIn(body, ...path.map(String));
  if (Array.isArray(value)) {
    return asArray(value).flatMap((item, index) => {
      const entry = asRecord(item);
      const name = asString(entry?.name);
      const text = scalarText(entry?.value);
      return name && text !== undefined ? [{ name, value: text, path: [...path, index, 'value'] }] : [];
    });
  }
  return Object.entries(asRecord(value) ?? {}).flatMap(([name, item]) => {
    const text = scalarText(item);
    return text === undefined ? [] : [{ name, value: text, path: [...path, name] }];
  });
}

function hasArg(body: unknown, path: Path, name: string): boolean {
  return extraArgs(body, path).some((a) => a.name === name);
}

/** A value kubeadm takes: a string. An unquoted `false` or `10` is refused (by kubeadm, and by Cluster API's CRD schema). */
function scalarText(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
