import { asRecord, asStringMap, type JsonRecord } from '../k8s/access.js';
import type { NamespaceSource } from './namespaces/source.js';
import { type Mutation, safeDefaults } from './mutate.js';
import type { PodSecurityConfig } from './policy/config.js';
import { extractPod, isSignificantPodUpdate, podTemplatePath, runtimeClassOf } from './policy/pod-spec.js';
import { ANNOTATION_AUDIT_VIOLATIONS, ANNOTATION_EXEMPT, PodSecurityAdmission } from './policy/psa.js';
import type { AdmissionRequest, AdmissionResponse } from './review.js';
import type { RampartResult, RampartRules } from './rules/evaluate.js';
import { forbidden, internalError } from './status.js';
import { rampartAnnotations, rampartDenial, rampartWarnings } from './rules/messages.js';

export type FailurePolicy = 'fail' | 'ignore';
export type Decision = 'allow' | 'deny' | 'warn' | 'audit' | 'exempt';
export type PolicySource = 'pss' | 'rampart';

export interface ReviewOutcome {
  readonly response: AdmissionResponse;
  /** What each policy source decided, for metrics and logs; a source that did not apply is absent. */
  readonly decisions: ReadonlyArray<{ readonly source: PolicySource; readonly decision: Decision }>;
  /** An internal error, answered per the failure policy; logged with the request uid. */
  readonly error?: string;
}

export interface ReviewerOptions {
  readonly psa: PodSecurityAdmission;
  readonly psaConfig: PodSecurityConfig;
  readonly rules: RampartRules;
  readonly namespaces: NamespaceSource;
  readonly failurePolicy: FailurePolicy;
}

export const ANNOTATION_RAMPART_ERROR = 'rampart-error';
export const ANNOTATION_RAMPART_MUTATIONS = 'rampart-mutations';

const ALLOWED: AdmissionResponse = { allowed: true };

/** Decides a review: Pod Security Admission, then the bound Rampart rules, merged into one response. */
export class Reviewer {
  constructor(private readonly options: ReviewerOptions) {}

  async validate(request: AdmissionRequest): Promise<ReviewOutcome> {
    try {
      return await this.decide(request);
    } catch (error) {
      return this.failed(request, error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  }

  /** The safe-defaults patch (POST /mutate). Exempt namespaces, users and runtime classes are left alone. */
  mutate(request: AdmissionRequest): ReviewOutcome {
    try {
      if (this.psaExempt(request)) return { response: ALLOWED, decisions: [] };
      return { response: mutationResponse(safeDefaults(request)), decisions: [] };
    } catch (error) {
      return this.failed(request, error instanceof Error ? (error.stack ?? error.message) : String(error));
    }
  }

  private failed(request: AdmissionRequest, error: string): ReviewOutcome {
    const message = `rampart admission webhook could not evaluate request ${request.uid}`;
    const response: AdmissionResponse =
      this.options.failurePolicy === 'ignore'
        ? { allowed: true, auditAnnotations: { [ANNOTATION_RAMPART_ERROR]: `${message} (allowed by failure policy Ignore)` } }
        : { allowed: false, status: internalError(message), auditAnnotations: { [ANNOTATION_RAMPART_ERROR]: message } };
    return { response, decisions: [], error };
  }

  private async decide(request: AdmissionRequest): Promise<ReviewOutcome> {
    if (request.operation !== 'CREATE' && request.operation !== 'UPDATE') return { response: ALLOWED, decisions: [] };
    const decisions: Array<{ source: PolicySource; decision: Decision }> = [];
    let pss: AdmissionResponse | undefined;
    if (PodSecurityAdmission.handles(request)) {
      pss = await this.options.psa.validate(request);
      decisions.push({ source: 'pss', decision: pssDecision(pss) });
    }
    let rampart: RampartResult | undefined;
    if (!this.options.rules.empty && request.object && this.rampartApplies(request)) {
      rampart = this.options.rules.evaluate(request.object, request, await this.namespaceLabels(request, request.object));
      if (rampart.errors.length > 0) return this.failed(request, rampart.errors.join('; '));
      if (rampart.evaluated) decisions.push({ source: 'rampart', decision: rampartDecision(rampart) });
    }
    return { response: merge(request, pss ?? ALLOWED, rampart), decisions };
  }

  /**
   * The labels bindings match: a Namespace's own (the ones it is being created or updated with; a
   * new one is not stored yet), else those of the object's namespace; none for cluster-scoped objects.
   */
  private async namespaceLabels(request: AdmissionRequest, object: JsonRecord): Promise<Readonly<Record<string, string>>> {
    if (request.resource.group === '' && request.resource.resource === 'namespaces') return asStringMap(asRecord(object.metadata)?.labels);
    return request.namespace === '' ? {} : (await this.options.namespaces.get(request.namespace)).labels;
  }

  /** Subresources and no-op pod updates are not judged by Rampart rules either. */
  private rampartApplies(request: AdmissionRequest): boolean {
    const { group, resource } = request.resource;
    const isPod = group === '' && resource === 'pods';
    if (isPod) {
      if (request.subResource !== '' && request.subResource !== 'ephemeralcontainers') return false;
      if (request.operation === 'UPDATE' && request.oldObject && request.object && !isSignificantPodUpdate(request.object, request.oldObject)) return false;
      return true;
    }
    return request.subResource === '';
  }

  private psaExempt(request: AdmissionRequest): boolean {
    const { exemptions } = this.options.psaConfig;
    if (request.namespace !== '' && exemptions.namespaces.has(request.namespace)) return true;
    if (request.username !== '' && exemptions.usernames.has(request.username)) return true;
    const path = podTemplatePath(request.resource.group, request.resource.resource);
    const pod = path !== undefined && request.object ? extractPod(request.object, path) : undefined;
    const runtimeClass = pod ? runtimeClassOf(pod) : undefined;
    return runtimeClass !== undefined && exemptions.runtimeClasses.has(runtimeClass);
  }
}

function pssDecision(response: AdmissionResponse): Decision {
  if (!response.allowed) return 'deny';
  if (response.auditAnnotations?.[ANNOTATION_EXEMPT]) return 'exempt';
  if (response.warnings && response.warnings.length > 0) return 'warn';
  if (response.auditAnnotations?.[ANNOTATION_AUDIT_VIOLATIONS]) return 'audit';
  return 'allow';
}

function rampartDecision(result: RampartResult): Decision {
  if (result.findings.some((f) => f.action === 'enforce')) return 'deny';
  if (result.findings.some((f) => f.action === 'warn')) return 'warn';
  if (result.findings.some((f) => f.action === 'audit')) return 'audit';
  return 'allow';
}

/** One response from both sources: refused if either refuses (PSA's message first), warnings only when allowed. */
function merge(request: AdmissionRequest, pss: AdmissionResponse, rampart: RampartResult | undefined): AdmissionResponse {
  if (!rampart || rampart.findings.length === 0) return pss;
  const denial = rampartDenial(rampart.findings);
  const annotations = { ...pss.auditAnnotations, ...rampartAnnotations(rampart.findings) };
  if (denial) {
    const status = pss.allowed || !pss.status
      ? forbidden(request.resource.group, request.resource.resource, request.name, denial)
      : { ...pss.status, message: `${pss.status.message}; ${denial}` };
    return { allowed: false, status, auditAnnotations: annotations };
  }
  if (!pss.allowed) return { ...pss, auditAnnotations: annotations };
  const warnings = [...(pss.warnings ?? []), ...rampartWarnings(rampart.findings)];
  return { allowed: true, ...(warnings.length > 0 ? { warnings } : {}), auditAnnotations: annotations };
}

function mutationResponse(mutation: Mutation): AdmissionResponse {
  if (mutation.patch.length === 0) return ALLOWED;
  const fields = [...new Set(mutation.changes.map((c) => /seccompProfile|runAsNonRoot|allowPrivilegeEscalation|capabilities\.drop/.exec(c)?.[0] ?? c))];
  return {
    allowed: true,
    patchType: 'JSONPatch',
    patch: Buffer.from(JSON.stringify(mutation.patch)).toString('base64'),
    warnings: [`rampart set ${mutation.changes.length} unset security field(s) to safe defaults: ${fields.join(', ')}`],
    auditAnnotations: { [ANNOTATION_RAMPART_MUTATIONS]: mutation.changes.join(', ') },
  };
}
