import { asRecord, asString, asStringMap, type JsonRecord } from '../../k8s/access.js';
import type { PodLike } from '../../pss/api.js';
import type { NamespaceSource } from '../namespaces/source.js';
import type { AdmissionRequest, AdmissionResponse } from '../review.js';
import { type Status, aggregateMessages, badRequest, forbidden, formatFieldError, internalError, invalidStatus } from '../status.js';
import type { PodSecurityConfig } from './config.js';
import { decodeObject, isKind } from './decode.js';
import { PodEvaluator, forbiddenDetail } from './evaluate.js';
import { evaluatePodsInNamespace } from './existing-pods.js';
import {
  AUDIT_LEVEL_LABEL, AUDIT_VERSION_LABEL, ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL, type LevelVersion, type NamespacePolicy,
  PRIVILEGED_LATEST, WARN_LEVEL_LABEL, WARN_VERSION_LABEL, compareLevels, equivalentPolicies, formatLevelVersion, fullyPrivileged,
  policyToEvaluate, sameLevelVersion,
} from './levels.js';
import { extractPod, isSignificantPodUpdate, podTemplatePath, podTemplatePathOfKind, runtimeClassOf } from './pod-spec.js';
import { groupVersionString } from './psa-scheme.js';

/**
 * Pod Security Admission, re-implemented from k8s.io/pod-security-admission/admission: the same
 * decisions, messages, warnings and audit annotations for namespaces, pods and pod controllers.
 */

export type PsaMode = 'enforce' | 'audit' | 'warn';

/** PSA's metrics hooks (pod_security_evaluations_total, _exemptions_total, _errors_total). */
export interface PsaRecorder {
  evaluation(decision: 'allow' | 'deny', policy: LevelVersion, mode: PsaMode, request: AdmissionRequest): void;
  exemption(request: AdmissionRequest): void;
  error(fatal: boolean, request: AdmissionRequest): void;
}

export const NO_RECORDER: PsaRecorder = { evaluation() {}, exemption() {}, error() {} };

/** Audit annotation keys; the API server prefixes them with the webhook's name. */
export const ANNOTATION_ENFORCE_POLICY = 'enforce-policy';
export const ANNOTATION_AUDIT_VIOLATIONS = 'audit-violations';
export const ANNOTATION_EXEMPT = 'exempt';
export const ANNOTATION_ERROR = 'error';

/** Pod subresources that cannot change the pod spec; any other (ephemeralcontainers, resize, ...) is evaluated. */
const IGNORED_POD_SUBRESOURCES = new Set(['exec', 'attach', 'binding', 'eviction', 'log', 'portforward', 'proxy', 'status']);

const ALLOWED: AdmissionResponse = { allowed: true };
const exempt = (reason: 'namespace' | 'user' | 'runtimeClass'): AdmissionResponse => ({ allowed: true, auditAnnotations: { [ANNOTATION_EXEMPT]: reason } });
const ALLOWED_PRIVILEGED: AdmissionResponse = { allowed: true, auditAnnotations: { [ANNOTATION_ENFORCE_POLICY]: formatLevelVersion(PRIVILEGED_LATEST) } };

function errorResponse(status: Status, cause?: string): AdmissionResponse {
  return { allowed: false, status, auditAnnotations: { [ANNOTATION_ERROR]: cause ? `${status.message}: ${cause}` : status.message } };
}

export interface PsaOptions {
  readonly config: PodSecurityConfig;
  readonly namespaces: NamespaceSource;
  readonly recorder?: PsaRecorder;
  /** Limits on checking existing pods when a namespace's enforce level is tightened (upstream: 3000 pods, 1 s). */
  readonly namespaceMaxPodsToCheck?: number;
  readonly namespacePodCheckTimeoutMs?: number;
}

export class PodSecurityAdmission {
  private readonly recorder: PsaRecorder;

  constructor(private readonly options: PsaOptions) {
    this.recorder = options.recorder ?? NO_RECORDER;
  }

  /** Whether PSA has anything to say about this resource: namespaces, pods and pod controllers. */
  static handles(request: AdmissionRequest): boolean {
    const { group, resource } = request.resource;
    return (group === '' && resource === 'namespaces') || podTemplatePath(group, resource) !== undefined;
  }

  async validate(request: AdmissionRequest): Promise<AdmissionResponse> {
    const { group, resource } = request.resource;
    if (group === '' && resource === 'namespaces') return this.validateNamespace(request);
    if (group === '' && resource === 'pods') return this.validatePod(request);
    return this.validatePodController(request);
  }

  private get config(): PodSecurityConfig {
    return this.options.config;
  }

  private policyOf(labels: Readonly<Record<string, string>>) {
    return policyToEvaluate(labels, this.config.defaults);
  }

  private exemptNamespace(namespace: string): boolean {
    return namespace !== '' && this.config.exemptions.namespaces.has(namespace);
  }

  private exemptUser(username: string): boolean {
    return username !== '' && this.config.exemptions.usernames.has(username);
  }

  private exemptRuntimeClass(runtimeClass: string | undefined): boolean {
    return runtimeClass !== undefined && runtimeClass !== '' && this.config.exemptions.runtimeClasses.has(runtimeClass);
  }

  async validateNamespace(request: AdmissionRequest): Promise<AdmissionResponse> {
    if (request.subResource !== '') return ALLOWED;
    const namespace = request.object;
    const decoded = namespace && decodeObject(namespace, request.kind);
    if (decoded && 'error' in decoded) return errorResponse(badRequest('failed to decode object'), decoded.error);
    if (!namespace || !decoded || !isKind(decoded, 'v1', 'Namespace')) return errorResponse(badRequest('failed to decode namespace'));
    const labels = labelsOf(namespace);
    const name = asString(asRecord(namespace.metadata)?.name) ?? request.name;
    const next = this.policyOf(labels);
    const invalid = () => ({ allowed: false, status: invalidStatus(request.kind.group, request.kind.kind, request.name, next.errors) });

    if (request.operation === 'CREATE') {
      if (next.errors.length > 0) return invalid();
      if (this.exemptNamespace(request.namespace)) {
        const warning = this.exemptNamespaceWarning(name, next.policy, labels);
        if (warning) return { allowed: true, warnings: [warning] };
      }
      return ALLOWED;
    }
    if (request.operation !== 'UPDATE') return ALLOWED;
    const oldNamespace = request.oldObject;
    const oldDecoded = oldNamespace && decodeObject(oldNamespace, request.kind);
    if (oldDecoded && 'error' in oldDecoded) return errorResponse(badRequest('failed to decode  old object'), oldDecoded.error);
    if (!oldNamespace || !oldDecoded || !isKind(oldDecoded, 'v1', 'Namespace')) return errorResponse(badRequest('failed to decode  old namespace'));
    const previous = this.policyOf(labelsOf(oldNamespace));
    // Invalid labels are refused only when they changed, so old namespaces stay editable.
    if (next.errors.length > 0 && (previous.errors.length === 0 || JSON.stringify(next.errors) !== JSON.stringify(previous.errors))) return invalid();

    const enforce = next.policy.enforce;
    const before = previous.policy.enforce;
    if (sameLevelVersion(enforce, before)) return ALLOWED;
    if (enforce.level === 'privileged') return ALLOWED;
    if (enforce.version === before.version && compareLevels(enforce.level, before.level) < 1) return ALLOWED;
    if (this.exemptNamespace(request.namespace)) {
      const warning = this.exemptNamespaceWarning(name, next.policy, labels);
      return warning ? { allowed: true, warnings: [warning] } : ALLOWED;
    }
    const warnings = await evaluatePodsInNamespace({
      namespace: name,
      enforce,
      source: this.options.namespaces,
      exemptRuntimeClass: (rc) => this.exemptRuntimeClass(rc),
      maxPods: this.options.namespaceMaxPodsToCheck ?? 3000,
      timeoutMs: this.options.namespacePodCheckTimeoutMs ?? 1000,
    });
    return warnings.length > 0 ? { allowed: true, warnings } : ALLOWED;
  }

  /** The response for a request whose namespace or user is exempt (the exemption recorded), else undefined. */
  private exemption(request: AdmissionRequest): AdmissionResponse | undefined {
    const by = this.exemptNamespace(request.namespace) ? 'namespace' : this.exemptUser(request.username) ? 'user' : undefined;
    if (by === undefined) return undefined;
    this.recorder.exemption(request);
    return exempt(by);
  }

  async validatePod(request: AdmissionRequest): Promise<AdmissionResponse> {
    if (IGNORED_POD_SUBRESOURCES.has(request.subResource)) return ALLOWED;
    const exemption = this.exemption(request);
    if (exemption) return exemption;
    let labels: Readonly<Record<string, string>>;
    try {
      labels = (await this.options.namespaces.get(request.namespace)).labels;
    } catch (error) {
      this.recorder.error(true, request);
      return errorResponse(internalError(`failed to lookup namespace ${JSON.stringify(request.namespace)}`), errorText(error));
    }
    const ns = this.policyOf(labels);
    if (ns.errors.length === 0 && fullyPrivileged(ns.policy)) {
      this.recorder.evaluation('allow', ns.policy.enforce, 'enforce', request);
      return ALLOWED_PRIVILEGED;
    }
    const pod = request.object;
    const decoded = pod && decodeObject(pod, request.kind);
    if (decoded && 'error' in decoded) {
      this.recorder.error(true, request);
      return errorResponse(badRequest('failed to decode object'), decoded.error);
    }
    if (!pod || !decoded || !isKind(decoded, 'v1', 'Pod')) {
      this.recorder.error(true, request);
      return errorResponse(badRequest('failed to decode pod'));
    }
    if (request.operation === 'UPDATE') {
      const oldDecoded = request.oldObject && decodeObject(request.oldObject, request.kind);
      if (oldDecoded && 'error' in oldDecoded) {
        this.recorder.error(true, request);
        return errorResponse(badRequest('failed to decode old object'), oldDecoded.error);
      }
      if (!request.oldObject || !oldDecoded || !isKind(oldDecoded, 'v1', 'Pod')) {
        this.recorder.error(true, request);
        return errorResponse(badRequest('failed to decode old pod'));
      }
      if (!isSignificantPodUpdate(pod, request.oldObject)) return ALLOWED;
    }
    return this.evaluate(ns.policy, ns.errors.map(formatFieldError), { metadata: pod.metadata ?? {}, spec: pod.spec ?? {} }, request, true);
  }

  async validatePodController(request: AdmissionRequest): Promise<AdmissionResponse> {
    if (request.subResource !== '') return ALLOWED;
    const exemption = this.exemption(request);
    if (exemption) return exemption;
    let labels: Readonly<Record<string, string>>;
    try {
      labels = (await this.options.namespaces.get(request.namespace)).labels;
    } catch (error) {
      this.recorder.error(true, request);
      return { allowed: true, auditAnnotations: { [ANNOTATION_ERROR]: `failed to lookup namespace ${JSON.stringify(request.namespace)}: ${errorText(error)}` } };
    }
    const ns = this.policyOf(labels);
    if (ns.errors.length === 0 && ns.policy.warn.level === 'privileged' && ns.policy.audit.level === 'privileged') return ALLOWED;
    const object = request.object;
    // Upstream allows a controller it cannot decode, saying why in the error annotation: its pods are judged when created.
    const decoded = object && decodeObject(object, request.kind);
    if (decoded && 'error' in decoded) {
      this.recorder.error(true, request);
      return { allowed: true, auditAnnotations: { [ANNOTATION_ERROR]: `failed to decode object: ${decoded.error}` } };
    }
    if (!object || !decoded) {
      this.recorder.error(true, request);
      return { allowed: true, auditAnnotations: { [ANNOTATION_ERROR]: 'failed to extract pod template: unexpected object' } };
    }
    const { group, version, kind } = decoded.kind;
    const path = podTemplatePathOfKind(groupVersionString(group, version), kind);
    if (path === undefined) {
      this.recorder.error(true, request);
      return { allowed: true, auditAnnotations: { [ANNOTATION_ERROR]: `failed to extract pod template: unexpected object type: ${typeMetaKind(object)}` } };
    }
    const pod = extractPod(object, path);
    if (!pod) return ALLOWED;
    return this.evaluate(ns.policy, ns.errors.map(formatFieldError), pod, request, false);
  }

  /** EvaluatePod: enforce (pods only), then audit and warn, each level+version evaluated once. */
  private evaluate(policy: NamespacePolicy, policyErrors: readonly string[], pod: PodLike, request: AdmissionRequest, enforce: boolean): AdmissionResponse {
    if (this.exemptRuntimeClass(runtimeClassOf(pod))) {
      this.recorder.exemption(request);
      return exempt('runtimeClass');
    }
    const auditAnnotations: Record<string, string> = {};
    if (policyErrors.length > 0) {
      auditAnnotations[ANNOTATION_ERROR] = `Failed to parse policy: ${aggregateMessages(policyErrors)}`;
      this.recorder.error(false, request);
    }
    const evaluator = new PodEvaluator(pod);
    let response: { allowed: boolean; status?: Status; warnings?: string[] } = { allowed: true };
    if (enforce) {
      auditAnnotations[ANNOTATION_ENFORCE_POLICY] = formatLevelVersion(policy.enforce);
      const result = evaluator.at(policy.enforce);
      if (!result.allowed) {
        const reason = `violates PodSecurity ${JSON.stringify(formatLevelVersion(policy.enforce))}: ${forbiddenDetail(result.violations)}`;
        response = { allowed: false, status: forbidden(request.resource.group, request.resource.resource, request.name, reason) };
      }
      this.recorder.evaluation(result.allowed ? 'allow' : 'deny', policy.enforce, 'enforce', request);
    }
    const audit = evaluator.at(policy.audit);
    if (!audit.allowed) {
      auditAnnotations[ANNOTATION_AUDIT_VIOLATIONS] = `would violate PodSecurity ${JSON.stringify(formatLevelVersion(policy.audit))}: ${forbiddenDetail(audit.violations)}`;
      this.recorder.evaluation('deny', policy.audit, 'audit', request);
    }
    // A request that is refused gets no warnings.
    if (response.allowed) {
      const warn = evaluator.at(policy.warn);
      if (!warn.allowed) {
        response.warnings = [`would violate PodSecurity ${JSON.stringify(formatLevelVersion(policy.warn))}: ${forbiddenDetail(warn.violations)}`];
        this.recorder.evaluation('deny', policy.warn, 'warn', request);
      }
    }
    return { ...response, auditAnnotations };
  }

  /** The warning for an exempt namespace that sets a non-privileged policy, or '' when there is nothing to say. */
  private exemptNamespaceWarning(name: string, policy: NamespacePolicy, labels: Readonly<Record<string, string>>): string {
    if (fullyPrivileged(policy) || equivalentPolicies(policy, this.config.defaults)) return '';
    const parts: string[] = [];
    const set = (...keys: string[]) => keys.some((k) => Object.hasOwn(labels, k));
    if (policy.enforce.level !== 'privileged' && set(ENFORCE_LEVEL_LABEL, ENFORCE_VERSION_LABEL)) parts.push(`enforce=${formatLevelVersion(policy.enforce)}`);
    if (policy.audit.level !== 'privileged' && set(AUDIT_LEVEL_LABEL, AUDIT_VERSION_LABEL)) parts.push(`audit=${formatLevelVersion(policy.audit)}`);
    if (policy.warn.level !== 'privileged' && set(WARN_LEVEL_LABEL, WARN_VERSION_LABEL)) parts.push(`warn=${formatLevelVersion(policy.warn)}`);
    return `namespace ${JSON.stringify(name)} is exempt from Pod Security, and the policy (${parts.join(', ')}) will be ignored`;
  }
}

/** The object's own apiVersion and kind as Go prints the decoded object's (schema.FromAPIVersionAndKind, GroupVersionKind.String). */
function typeMetaKind(object: JsonRecord): string {
  const apiVersion = asString(object.apiVersion) ?? '';
  const kind = asString(object.kind) ?? '';
  const slash = apiVersion.indexOf('/');
  if (slash === -1) return `/${apiVersion}, Kind=${kind}`;
  // A version string ParseGroupVersion refuses (two slashes) leaves the group and version empty.
  return apiVersion.indexOf('/', slash + 1) === -1 ? `${apiVersion}, Kind=${kind}` : `/, Kind=${kind}`;
}

function labelsOf(object: JsonRecord): Readonly<Record<string, string>> {
  return asStringMap(asRecord(object.metadata)?.labels);
}

function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
