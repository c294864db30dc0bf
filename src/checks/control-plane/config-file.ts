import type { Path } from '../../core/path.js';
import type { Severity } from '../../core/severity.js';
import { asArray, asRecord, getIn, type JsonRecord, valueAtPath } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { parseManifests } from '../../k8s/yaml/parse.js';
import type { Report } from '../api.js';
import { isZeroGoDuration } from '../../core/go-duration.js';
import { type Add, type ConfigField, type FlagRule, isLoopback, ViolationsByPath } from './flag-rules.js';

/*
 * Node components' configuration files (KubeletConfiguration, KubeProxyConfiguration) are objects
 * with apiVersion and kind, found in a repository as files of their own or, in a cluster and in
 * kubeadm's manifests, as a ConfigMap value (kube-system/kubelet-config key `kubelet`,
 * kube-system/kube-proxy key `config.conf`). Both are read here; the rules are the flag rules,
 * judged on the field each names in `file`, with the file's own defaults.
 */

export type ConfigKind = 'KubeletConfiguration' | 'KubeProxyConfiguration';

const GROUPS: Readonly<Record<ConfigKind, string>> = {
  KubeletConfiguration: 'kubelet.config.k8s.io',
  KubeProxyConfiguration: 'kubeproxy.config.k8s.io',
};

/** One configuration file: its content, and where the object holds it. */
export interface ComponentConfig {
  readonly body: JsonRecord;
  /** The field of the object that holds the file: nothing for the object itself, `data.<key>` for a ConfigMap. */
  readonly at: Path | undefined;
  /** How findings name it. */
  readonly label: string;
  /** For a file inside a ConfigMap value, the line of a field within that value (1-based). */
  readonly lineOf?: (path: Path) => number;
}

const embedded = new WeakMap<K8sObject, Map<ConfigKind, readonly ComponentConfig[]>>();

/** The configuration files of `kind` that `object` is or holds. */
export function componentConfigsOf(object: K8sObject, kind: ConfigKind, index: ObjectIndex): readonly ComponentConfig[] {
  if (object.kind === kind && object.group === GROUPS[kind]) {
    const body = kind === 'KubeletConfiguration' && kubeadmFiles(index).has(object.source.file) ? withKubeadmDefaults(object.body) : object.body;
    return [{ body, at: undefined, label: kind }];
  }
  if (object.kind !== 'ConfigMap' || object.group !== '') return [];
  let byKind = embedded.get(object);
  if (!byKind) embedded.set(object, (byKind = new Map()));
  let configs = byKind.get(kind);
  if (!configs) byKind.set(kind, (configs = embeddedConfigs(object, kind)));
  return configs;
}

const kubeadmFilesOf = new WeakMap<ObjectIndex, ReadonlySet<string>>();

/** The files that hold a kubeadm configuration (InitConfiguration, ClusterConfiguration, JoinConfiguration). */
function kubeadmFiles(index: ObjectIndex): ReadonlySet<string> {
  let files = kubeadmFilesOf.get(index);
  if (!files) kubeadmFilesOf.set(index, (files = new Set(index.objects.filter((o) => o.group === 'kubeadm.k8s.io').map((o) => o.source.file))));
  return files;
}

/**
 * A KubeletConfiguration beside a kubeadm configuration is what kubeadm writes to the kubelet-config
 * ConfigMap after its own defaults (cmd/kubeadm/app/componentconfigs/kubelet.go): the cluster CA as
 * client CA when none is given, and certificate rotation always on. Its other defaults (anonymous
 * requests off, Webhook) are the kubelet's own for a file.
 */
function withKubeadmDefaults(body: JsonRecord): JsonRecord {
  const authentication = asRecord(body.authentication) ?? {};
  const x509 = asRecord(authentication.x509) ?? {};
  const clientCAFile = typeof x509.clientCAFile === 'string' && x509.clientCAFile !== '' ? x509.clientCAFile : '/etc/kubernetes/pki/ca.crt';
  return { ...body, authentication: { ...authentication, x509: { ...x509, clientCAFile } }, rotateCertificates: true };
}

function embeddedConfigs(object: K8sObject, kind: ConfigKind): ComponentConfig[] {
  return embeddedObjects(object, kind, GROUPS[kind]).map(({ key, body, lineOf }) => ({ body, at: ['data', key], label: `${kind} in data.${key}`, lineOf }));
}

/** An object of a configuration API written as a ConfigMap value. */
export interface EmbeddedObject {
  /** The data key that holds it. */
  readonly key: string;
  readonly body: JsonRecord;
  /** The line of a field within the value (1-based), or of its nearest enclosing field. */
  readonly lineOf: (path: Path) => number;
}

/** The objects of `kind` in API group `group` that the ConfigMap's values hold. */
export function embeddedObjects(object: K8sObject, kind: string, group: string): EmbeddedObject[] {
  const mentions = new RegExp(`\\bkind["']?\\s*:\\s*["']?${kind}\\b`);
  const found: EmbeddedObject[] = [];
  for (const [key, value] of Object.entries(asRecord(object.body.data) ?? {})) {
    if (typeof value !== 'string' || !mentions.test(value)) continue;
    // A file the component could not read would stop it from starting: nothing to judge.
    for (const document of parseManifests(value, key).documents) {
      const body = asRecord(document.value);
      const apiVersion = body?.apiVersion;
      if (!body || body.kind !== kind || typeof apiVersion !== 'string' || !apiVersion.startsWith(`${group}/`)) continue;
      const { locator } = document;
      found.push({ key, body, lineOf: (path) => locator.locate(path).line });
    }
  }
  return found;
}

/** Judges one configuration file by the rules that name a field in it. */
export function evaluateConfigRules(rules: readonly FlagRule[], config: ComponentConfig, checkSeverity: Severity, report: (report: Report) => void): void {
  const violations = new ViolationsByPath();
  // A field of an embedded file is reported at the ConfigMap key that holds it, named in the message
  // with its line in the value when it is there.
  const add: Add = (rule, path, what) => {
    if (!config.at) return violations.add(rule, path, what);
    const line = config.lineOf && valueAtPath(config.body, path) !== undefined ? `line ${config.lineOf(path)}: ` : '';
    violations.add(rule, config.at, `${line}${what}`);
  };
  for (const rule of rules) {
    const file = rule.file;
    if (!file || (file.satisfiedBy && getIn(config.body, ...file.satisfiedBy) === true)) continue;
    evaluate(rule, file, config.body, add);
  }
  violations.report(config.label, checkSeverity, report);
}

function evaluate(rule: FlagRule, file: ConfigField, body: JsonRecord, add: Add): void {
  const path = [...file.path];
  const field = path.join('.');
  const value = getIn(body, ...path);
  const unset = value === undefined || value === null;
  const fallback = file.defaultValue;
  switch (rule.test) {
    case 'bool':
      if (unset && fallback !== undefined && fallback !== rule.want) add(rule, path, `${field} is not set and defaults to ${String(fallback)}`);
      else if (typeof value === 'boolean' && value !== rule.want) add(rule, path, `${field}: ${value}`);
      return;
    case 'not-value':
      if (value === rule.value) add(rule, path, `${field}: ${rule.value}`);
      else if (unset && fallback === rule.value) add(rule, path, `${field} is not set and defaults to ${rule.value}`);
      return;
    case 'set':
      if (unset || value === '') add(rule, path, `${field} is not set`);
      return;
    case 'zero':
      if (typeof value === 'number' && value !== 0) add(rule, path, `${field}: ${value} serves on port ${value}`);
      else if (unset && typeof fallback === 'number' && fallback !== 0) add(rule, path, `${field} is not set and defaults to port ${fallback}`);
      return;
    case 'duration-nonzero':
      if (typeof value === 'string' && isZeroGoDuration(value)) add(rule, path, `${field}: ${value} turns the timeout off`);
      return;
    case 'feature-gate-on': {
      if (getIn(value, rule.gate) === false) add(rule, [...path, rule.gate], `${field}.${rule.gate}: false turns off ${rule.gate}`);
      return;
    }
    case 'only': {
      const items = asArray(value);
      const outside = items.flatMap((item, index) => (typeof item === 'string' && item !== '' && !rule.allowed.has(item) ? [{ item, index }] : []));
      const first = outside[0];
      if (first) add(rule, [...path, first.index], `${field} includes ${outside.map((o) => o.item).join(', ')}`);
      return;
    }
    case 'loopback': {
      const address = typeof value === 'string' && value !== '' ? value : undefined;
      if (address !== undefined && !isLoopback(address)) add(rule, path, `${field}: ${address} is not a loopback address`);
      else if (address === undefined && typeof fallback === 'string' && !isLoopback(fallback)) add(rule, path, `${field} is not set and defaults to ${fallback}`);
      return;
    }
    default:
      // The other tests read command-line forms (lists, admission plugins) no node component file has.
      return;
  }
}
