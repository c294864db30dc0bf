import { DEFAULT_CERTIFICATE_DAYS, MAX_CERTIFICATE_DAYS } from '../certs/generate.js';
import { normalizeDnsNames } from '../certs/dns-names.js';
import { parseImageRef } from '../../k8s/image-ref.js';

export type FailurePolicy = 'Fail' | 'Ignore';
export const FAILURE_POLICIES: readonly FailurePolicy[] = ['Fail', 'Ignore'];

/** Everything that shapes the webhook's deployment, checked. */
export interface DeployOptions {
  readonly namespace: string;
  /** Name of the Deployment, Service, ServiceAccount and the cluster-scoped objects. */
  readonly name: string;
  readonly image: string;
  readonly replicas: number;
  readonly failurePolicy: FailurePolicy;
  readonly timeoutSeconds: number;
  readonly mutating: boolean;
  readonly certManager: boolean;
  /** DNS names for the serving certificate besides the Service's own. */
  readonly extraDnsNames: readonly string[];
  /** Validity of the serving certificate (generated, or cert-manager's duration). */
  readonly days: number;
  /** Empty for none. */
  readonly priorityClassName: string;
}

export const DEFAULTS = {
  namespace: 'rampart-system',
  name: 'rampart',
  replicas: 2,
  failurePolicy: 'Fail' as FailurePolicy,
  timeoutSeconds: 5,
  days: DEFAULT_CERTIFICATE_DAYS,
  priorityClassName: 'system-cluster-critical',
} as const;

export const MAX_REPLICAS = 50;

/** The default image: the release of Rampart that generates the manifests. */
export function defaultImage(version: string): string {
  return `ghcr.io/rampart-sec/rampart:${version}`;
}

/** Namespaces the webhook must not be deployed into: the manifests relabel and exclude their namespace. */
const RESERVED_NAMESPACES = new Set(['default', 'kube-system', 'kube-public', 'kube-node-lease']);

const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS_1035_LABEL = /^[a-z]([-a-z0-9]*[a-z0-9])?$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The raw option values of `rampart admission manifests`, as the CLI parser hands them over. */
export interface RawDeployOptions {
  readonly namespace?: unknown;
  readonly name?: unknown;
  readonly image?: unknown;
  readonly replicas?: unknown;
  readonly failurePolicy?: unknown;
  readonly timeout?: unknown;
  readonly mutating?: unknown;
  readonly certManager?: unknown;
  readonly dns?: unknown;
  readonly days?: unknown;
  readonly priorityClass?: unknown;
}

export type DeployOptionsResult = { readonly ok: true; readonly options: DeployOptions } | { readonly ok: false; readonly problem: string };

function wholeNumber(value: unknown, fallback: number): number | undefined {
  if (value === undefined) return fallback;
  if (typeof value === 'number') return Number.isInteger(value) ? value : undefined;
  if (typeof value !== 'string' || !/^\s*\d+\s*$/.test(value)) return undefined;
  return Number(value);
}

function text(value: unknown, fallback: string): string {
  return typeof value === 'string' ? value.trim() : fallback;
}

/** Checks the options; `problem` names the flag and what it expects. */
export function parseDeployOptions(raw: RawDeployOptions, version: string): DeployOptionsResult {
  const fail = (problem: string): DeployOptionsResult => ({ ok: false, problem });

  const namespace = text(raw.namespace, DEFAULTS.namespace);
  if (namespace.length > 63 || !DNS_LABEL.test(namespace)) {
    return fail(`--namespace "${namespace}" is not a valid namespace name (1-63 of a-z, 0-9 and "-", starting and ending alphanumeric)`);
  }
  if (RESERVED_NAMESPACES.has(namespace)) {
    return fail(`--namespace ${namespace}: deploy the webhook into a namespace of its own (the manifests label it restricted and exempt it from the webhook)`);
  }

  const name = text(raw.name, DEFAULTS.name);
  if (name.length > 63 || !DNS_1035_LABEL.test(name)) {
    return fail(`--name "${name}" is not a valid name (it names a Service: 1-63 of a-z, 0-9 and "-", starting with a letter)`);
  }

  const image = text(raw.image, defaultImage(version));
  const parsed = parseImageRef(image);
  if (!parsed.ok) return fail(`--image "${image}" is not a valid image reference: ${parsed.reason}`);

  const replicas = wholeNumber(raw.replicas, DEFAULTS.replicas);
  if (replicas === undefined || replicas < 1 || replicas > MAX_REPLICAS) {
    return fail(`--replicas expects a whole number from 1 to ${MAX_REPLICAS}, got "${String(raw.replicas)}"`);
  }

  const failurePolicy = raw.failurePolicy === undefined ? DEFAULTS.failurePolicy : raw.failurePolicy;
  if (!FAILURE_POLICIES.includes(failurePolicy as FailurePolicy)) {
    return fail(`--failure-policy expects ${FAILURE_POLICIES.join(' or ')}, got "${String(failurePolicy)}"`);
  }

  const timeoutSeconds = wholeNumber(raw.timeout, DEFAULTS.timeoutSeconds);
  if (timeoutSeconds === undefined || timeoutSeconds < 1 || timeoutSeconds > 30) {
    return fail(`--timeout expects whole seconds from 1 to 30 (the API server's limit), got "${String(raw.timeout)}"`);
  }

  const days = wholeNumber(raw.days, DEFAULTS.days);
  if (days === undefined || days < 1 || days > MAX_CERTIFICATE_DAYS) {
    return fail(`--days expects a whole number from 1 to ${MAX_CERTIFICATE_DAYS}, got "${String(raw.days)}"`);
  }

  const dns = Array.isArray(raw.dns) ? (raw.dns as unknown[]).filter((d): d is string => typeof d === 'string') : [];
  let extraDnsNames: string[] = [];
  if (dns.length > 0) {
    const names = normalizeDnsNames(dns);
    if (!names.ok) return fail(`--dns: ${names.reason}`);
    extraDnsNames = names.names;
  }

  const priorityClassName = text(raw.priorityClass, DEFAULTS.priorityClassName);
  if (priorityClassName !== '' && (priorityClassName.length > 253 || !DNS_SUBDOMAIN.test(priorityClassName))) {
    return fail(`--priority-class "${priorityClassName}" is not a valid PriorityClass name`);
  }

  return {
    ok: true,
    options: {
      namespace,
      name,
      image,
      replicas,
      failurePolicy: failurePolicy as FailurePolicy,
      timeoutSeconds,
      mutating: raw.mutating === true,
      certManager: raw.certManager === true,
      extraDnsNames,
      days,
      priorityClassName,
    },
  };
}

/** The names the API server uses to reach the webhook's Service, then any extra ones. */
export function serviceDnsNames(options: Pick<DeployOptions, 'name' | 'namespace' | 'extraDnsNames'>): string[] {
  const own = [`${options.name}.${options.namespace}.svc`, `${options.name}.${options.namespace}.svc.cluster.local`];
  return [...new Set([...own, ...options.extraDnsNames])];
}
