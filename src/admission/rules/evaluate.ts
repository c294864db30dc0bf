import type { Finding } from '../../core/finding.js';
import type { ScanPolicy } from '../../config/resolve.js';
import { asRecord, type JsonRecord } from '../../k8s/access.js';
import { K8sObject } from '../../k8s/object.js';
import { runChecks } from '../../scan/engine.js';
import type { AdmissionAction } from '../config-schema.js';
import type { AdmissionRequest } from '../review.js';
import { ACTION_RANK, type RampartPolicy } from './bindings.js';

export interface RuleFinding {
  readonly finding: Finding;
  readonly action: AdmissionAction;
}

export interface RampartResult {
  /** Findings of the bound rules, with the strictest action of the bindings that bound each rule. */
  readonly findings: readonly RuleFinding[];
  /** Checks that failed with an internal error: a bug, handled by the failure policy. */
  readonly errors: readonly string[];
  /** Whether any binding applied (for metrics: an object no binding covers was not evaluated). */
  readonly evaluated: boolean;
}

const NOT_EVALUATED: RampartResult = { findings: [], errors: [], evaluated: false };

/** Every field of an admitted object sits at line 1: the object has no source text. */
const NO_POSITIONS = { locate: () => ({ line: 1, column: 1 }) };

/** Runs the bound Rampart rules on one admitted object, with the scan engine and an index of that object alone. */
export class RampartRules {
  private readonly policies = new Map<string, { policy: ScanPolicy; actions: ReadonlyMap<string, AdmissionAction> }>();

  constructor(private readonly rules: RampartPolicy) {}

  get empty(): boolean {
    return this.rules.bindings.length === 0;
  }

  evaluate(object: JsonRecord, request: AdmissionRequest, namespaceLabels: Readonly<Record<string, string>>): RampartResult {
    const namespace = request.resource.group === '' && request.resource.resource === 'namespaces' ? request.name : request.namespace;
    const matching: number[] = [];
    this.rules.bindings.forEach((b, i) => {
      if (b.matches(namespace, namespaceLabels)) matching.push(i);
    });
    if (matching.length === 0) return NOT_EVALUATED;
    const { policy, actions } = this.policyFor(matching);
    const k8sObject = new K8sObject(withNamespace(object, request), { file: `admission:${request.uid}`, documentIndex: 0, basePath: [], locator: NO_POSITIONS });
    const findings: RuleFinding[] = [];
    const results = runChecks([k8sObject], policy, (found) => {
      for (const finding of found) findings.push({ finding, action: actions.get(finding.ruleId) ?? 'audit' });
    });
    return { findings, errors: results.problems.map((p) => p.message), evaluated: true };
  }

  /** The checks and actions of a set of bindings, built once per distinct set. */
  private policyFor(matching: readonly number[]) {
    const key = matching.join(',');
    let cached = this.policies.get(key);
    if (!cached) {
      const actions = new Map<string, AdmissionAction>();
      for (const i of matching) {
        const binding = this.rules.bindings[i];
        if (!binding) continue;
        for (const rule of binding.rules) {
          const current = actions.get(rule);
          if (!current || ACTION_RANK[binding.action] > ACTION_RANK[current]) actions.set(rule, binding.action);
        }
      }
      const policy: ScanPolicy = { ...this.rules.policy, settings: { ...this.rules.policy.settings, admission: true }, checks: this.rules.policy.checks.filter((c) => actions.has(c.check.id)) };
      cached = { policy, actions };
      this.policies.set(key, cached);
    }
    return cached;
  }
}

/** The object with the request's namespace filled in when its metadata leaves it out (a CREATE may). */
function withNamespace(object: JsonRecord, request: AdmissionRequest): JsonRecord {
  const metadata = asRecord(object.metadata);
  if (request.namespace === '' || (metadata && typeof metadata.namespace === 'string' && metadata.namespace !== '')) return object;
  return { ...object, metadata: { ...metadata, namespace: request.namespace } };
}
