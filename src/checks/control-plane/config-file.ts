import type { Path } from '../../core/path.js';
import type { Severity } from '../../core/severity.js';
import { gunzipSync } from 'node:zlib';
import { asArray, asRecord, asString, getIn, type JsonRecord, recordsWithIndex, valueAtPath } from '../../k8s/access.js';
import type { K8sObject } from '../../k8s/object.js';
import type { ObjectIndex } from '../../k8s/object-index.js';
import { isKubeadmKubeletPatch } from '../../k8s/kubeadm-patches.js';
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
    const underKubeadm = kind === 'KubeletConfiguration' && (kubeadmFiles(index).has(object.source.file) || isKubeadmKubeletPatch(object.source.file));
    const body = underKubeadm ? withKubeadmDefaults(object.body) : object.body;
    return [{ body, at: undefined, label: kind }];
  }
  const read = object.kind === 'ConfigMap' && object.group === '' ? embeddedConfigs : CAPI_FILES[object.kind] && CAPI_GROUPS.has(object.group) ? capiFileConfigs : undefined;
  if (!read) return [];
  let byKind = embedded.get(object);
  if (!byKind) embedded.set(object, (byKind = new Map()));
  let configs = byKind.get(kind);
  if (!configs) byKind.set(kind, (configs = read(object, kind)));
  return configs;
}

/** Where Cluster API's kubeadm providers keep the files cloud-init writes on each machine. */
const CAPI_FILES: Readonly<Record<string, Path>> = {
  KubeadmControlPlane: ['spec', 'kubeadmConfigSpec', 'files'],
  KubeadmControlPlaneTemplate: ['spec', 'template', 'spec', 'kubeadmConfigSpec', 'files'],
  KubeadmConfig: ['spec', 'files'],
  KubeadmConfigTemplate: ['spec', 'template', 'spec', 'files'],
};
const CAPI_GROUPS = new Set(['controlplane.cluster.x-k8s.io', 'bootstrap.cluster.x-k8s.io']);

/**
 * Configuration files a Cluster API machine is given in spec.files: a KubeletConfiguration written
 * as a kubeadm patch (kubeletconfiguration+strategic.yaml in the patches directory) or as the file
 * itself. kubeadm builds the kubelet's file from its defaults with the patch over them, so a field
 * the file leaves out has kubeadm's value. Files read from a Secret (contentFrom) are not in the
 * manifest; content that does not decode is not judged.
 */
function capiFileConfigs(object: K8sObject, kind: ConfigKind): ComponentConfig[] {
  const at = CAPI_FILES[object.kind] ?? [];
  return recordsWithIndex(valueAtPath(object.body, at)).flatMap(({ record, index }) => {
    const text = decodedContent(record);
    if (text === undefined) return [];
    const name = asString(record.path) ?? `files[${index}]`;
    // A kubeadm patch of the kubelet's file need not name its type: kubeadm knows it from the file's name.
    const untyped = kind === 'KubeletConfiguration' && isKubeadmKubeletPatch(name);
    return objectsInText(text, name, kind, GROUPS[kind], untyped).map(({ body, lineOf }) => ({
      body: kind === 'KubeletConfiguration' ? withKubeadmDefaults(body) : body,
      at: [...at, index, 'content'],
      label: `${kind} in ${at.at(-1)}[${index}] (${name})`,
      ...(record.encoding === undefined || record.encoding === '' ? { lineOf } : {}),
    }));
  });
}

/** A Cluster API file's content as cloud-init writes it (encoding base64, gzip or gzip+base64). */
export function decodedContent(file: JsonRecord): string | undefined {
  const content = asString(file.content);
  if (content === undefined) return undefined;
  const encoding = asString(file.encoding) ?? '';
  try {
    if (encoding === '') return content;
    if (encoding === 'base64') return Buffer.from(content, 'base64').toString('utf8');
    if (encoding === 'gzip+base64') return gunzipSync(Buffer.from(content, 'base64')).toString('utf8');
    // gzip content in a YAML string cannot hold the bytes it needs: nothing to judge.
    return undefined;
  } catch {
    return undefined;
  }
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
  return Object.entries(asRecord(object.body.data) ?? {}).flatMap(([key, value]) =>
    typeof value === 'string' ? objectsInText(value, key, kind, group).map((found) => ({ key, ...found })) : [],
  );
}

/**
 * The objects of `kind` in API group `group` in a YAML text (`name` names it in parse errors); with
 * `untyped`, a mapping that names neither apiVersion nor kind counts as one too.
 */
function objectsInText(text: string, name: string, kind: string, group: string, untyped = false): Array<Omit<EmbeddedObject, 'key'>> {
  const mentions = new RegExp(`\\bkind["']?\\s*:\\s*["']?${kind}\\b`);
  if (!untyped && !mentions.test(text)) return [];
  // A file the component could not read would stop it from starting: nothing to judge.
  return parseManifests(text, name).documents.flatMap((document) => {
    const body = asRecord(document.value);
    const apiVersion = body?.apiVersion;
    if (body && untyped && apiVersion === undefined && body.kind === undefined) return [{ body, lineOf: (path: Path) => document.locator.locate(path).line }];
    if (!body || body.kind !== kind || typeof apiVersion !== 'string' || !apiVersion.startsWith(`${group}/`)) return [];
    const { locator } = document;
    return [{ body, lineOf: (path: Path) => locator.locate(path).line }];
  });
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
