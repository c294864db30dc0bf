import { asArray, asRecord, asString, type JsonRecord } from '../k8s/access.js';
import { podTemplatePath } from './policy/pod-spec.js';
import type { AdmissionRequest } from './review.js';

/**
 * Safe defaults for pods and pod templates, applied only where a field is unset: a RuntimeDefault
 * seccomp profile and runAsNonRoot at pod level, and per container no privilege escalation and
 * all capabilities dropped. Values someone wrote are never changed, and a default that would make
 * the API server refuse the object (or the pod fail to start as written) is skipped.
 */

/**
 * The legacy pod-level seccomp annotation. The API server refuses a pod or pod template that has it
 * and a `spec.securityContext.seccompProfile` naming another profile (validateSeccompAnnotationsAndFields,
 * from ValidatePodCreate and ValidatePodTemplateSpec), so the pod-level default is not added next
 * to it. A container's annotation (`container.seccomp.security.alpha.kubernetes.io/<name>`) is
 * compared with that container's own field only, which is never set here, and kubelets that still
 * read it put it before the pod-level field. AppArmor annotations are compared with the containers'
 * and the pod's `appArmorProfile`: never set here either.
 */
const SECCOMP_POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';

export interface JsonPatchOperation {
  readonly op: 'add';
  readonly path: string;
  readonly value: unknown;
}

export interface Mutation {
  readonly patch: readonly JsonPatchOperation[];
  /** Human-readable changes: `spec.securityContext.seccompProfile.type=RuntimeDefault`. */
  readonly changes: readonly string[];
}

const NONE: Mutation = { patch: [], changes: [] };

const pointer = (segments: readonly (string | number)[]) => segments.map((s) => `/${String(s).replaceAll('~', '~0').replaceAll('/', '~1')}`).join('');
const dotted = (segments: readonly (string | number)[]) => segments.map((s, i) => (typeof s === 'number' ? `[${s}]` : i === 0 ? s : `.${s}`)).join('');

/** Builds JSON Patch `add` operations, creating missing parent objects once. */
class PatchBuilder {
  readonly patch: JsonPatchOperation[] = [];
  readonly changes: string[] = [];

  /** Sets `path + key = value` inside `parent` (at `parentPath`), which may not exist yet. */
  set(parent: JsonRecord | undefined, parentPath: readonly (string | number)[], key: string, value: unknown, pending: Map<string, JsonRecord>): void {
    this.changes.push(describe([...parentPath, key], value));
    if (parent) {
      this.patch.push({ op: 'add', path: pointer([...parentPath, key]), value });
      return;
    }
    // The parent is missing: add it whole; later keys for the same parent join that object.
    const at = pointer(parentPath);
    const existing = pending.get(at);
    if (existing) {
      existing[key] = value;
      return;
    }
    const created: JsonRecord = { [key]: value };
    pending.set(at, created);
    this.patch.push({ op: 'add', path: at, value: created });
  }
}

/** `spec.containers[0].securityContext.capabilities.drop=[ALL]`: the leaf that was set. */
function describe(path: readonly (string | number)[], value: unknown): string {
  const record = asRecord(value);
  if (record) {
    const [key, inner] = Object.entries(record)[0] ?? ['', ''];
    return describe([...path, key], inner);
  }
  return `${dotted(path)}=${Array.isArray(value) ? `[${value.join(',')}]` : String(value)}`;
}

/** The patch for an admitted object, or no change when it has no pod template or mutation cannot apply. */
export function safeDefaults(request: AdmissionRequest): Mutation {
  const object = request.object;
  if (!object) return NONE;
  const { group, resource } = request.resource;
  const templatePath = podTemplatePath(group, resource);
  if (templatePath === undefined) return NONE;
  const isPod = templatePath.length === 0;
  if (isPod) {
    // A pod's spec is immutable after creation except for what its subresources change.
    if (request.operation === 'CREATE' && request.subResource === '') return podDefaults(object, [], ['containers', 'initContainers'], true);
    if (request.operation === 'UPDATE' && request.subResource === 'ephemeralcontainers') {
      // Only the ephemeral containers being added: existing ones cannot change.
      const existing = new Set(asArray(asRecord(request.oldObject?.spec)?.ephemeralContainers).map((c) => asString(asRecord(c)?.name)));
      return podDefaults(object, [], ['ephemeralContainers'], false, (c) => !existing.has(asString(c.name)));
    }
    return NONE;
  }
  if (request.subResource !== '' || (request.operation !== 'CREATE' && request.operation !== 'UPDATE')) return NONE;
  let template: unknown = object;
  for (const key of templatePath) template = asRecord(template)?.[key];
  if (!asRecord(template)) return NONE;
  return podDefaults(object, templatePath, ['containers', 'initContainers'], true);
}

function podDefaults(
  object: JsonRecord,
  templatePath: readonly string[],
  lists: readonly string[],
  podLevel: boolean,
  include: (container: JsonRecord) => boolean = () => true,
): Mutation {
  let template: unknown = object;
  for (const key of templatePath) template = asRecord(template)?.[key];
  const spec = asRecord(asRecord(template)?.spec);
  if (!spec) return NONE;
  // Linux-only settings are refused on Windows pods.
  if (asString(asRecord(spec.os)?.name) === 'windows') return NONE;
  const specPath = [...templatePath, 'spec'];
  const builder = new PatchBuilder();
  const pending = new Map<string, JsonRecord>();
  const podContext = asRecord(spec.securityContext);
  const containers = lists.flatMap((list) => asArray(spec[list]).map((c, i) => ({ record: asRecord(c), path: [...specPath, list, i] })));

  if (podLevel) {
    // The pod's own annotations, or the template's (never the controller's).
    const annotations = asRecord(asRecord(asRecord(template)?.metadata)?.annotations);
    const seccompAnnotated = annotations !== undefined && Object.hasOwn(annotations, SECCOMP_POD_ANNOTATION);
    if (podContext?.seccompProfile === undefined && !seccompAnnotated) builder.set(podContext, [...specPath, 'securityContext'], 'seccompProfile', { type: 'RuntimeDefault' }, pending);
    const runsAsRoot = podContext?.runAsUser === 0 || containers.some((c) => asRecord(c.record?.securityContext)?.runAsUser === 0);
    if (podContext?.runAsNonRoot === undefined && !runsAsRoot) builder.set(podContext, [...specPath, 'securityContext'], 'runAsNonRoot', true, pending);
  }
  for (const { record, path } of containers) {
    if (!record || !include(record)) continue;
    const context = asRecord(record.securityContext);
    const contextPath = [...path, 'securityContext'];
    const capabilities = asRecord(context?.capabilities);
    const adds = asArray(capabilities?.add).map((c) => String(c).toUpperCase().replace(/^CAP_/, ''));
    // The API server refuses allowPrivilegeEscalation=false next to privileged or CAP_SYS_ADMIN.
    if (context?.allowPrivilegeEscalation === undefined && context?.privileged !== true && !adds.includes('SYS_ADMIN')) {
      builder.set(context, contextPath, 'allowPrivilegeEscalation', false, pending);
    }
    if (context?.privileged === true) continue;
    if (!capabilities) builder.set(context, contextPath, 'capabilities', { drop: ['ALL'] }, pending);
    else if (capabilities.drop === undefined) builder.set(capabilities, [...contextPath, 'capabilities'], 'drop', ['ALL'], pending);
  }
  return { patch: builder.patch, changes: builder.changes };
}
