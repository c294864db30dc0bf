import type { Finding } from '../core/finding.js';
import { formatPath, isUnder } from '../core/path.js';
import type { Problem } from '../core/result.js';
import type { Report } from '../checks/api.js';
import { KIND_GROUPS, KIND_GROUP_IDS } from '../k8s/kind-groups.js';
import type { K8sObject } from '../k8s/object.js';
import { scannedControllerOf } from '../k8s/controllers.js';
import { type AddedContainer, derivedScope, ownerKey } from '../k8s/derived.js';
import { ObjectIndex } from '../k8s/object-index.js';
import { podViewOf } from '../k8s/workloads.js';
import type { ActiveCheck, ScanPolicy } from '../config/resolve.js';
import { type IgnoreAnnotations, type Suppression, exemptionFor, readIgnoreAnnotations } from './exemptions.js';

export interface SuppressedFinding {
  readonly finding: Finding;
  readonly suppression: Suppression;
}

export interface CheckResults {
  /**
   * Objects not checked themselves because their controller in the input is and they repeat its
   * template (ReplicaSets, Pods of a dump); see derivedScope for those that are checked. Counted
   * too: a Pod whose injected containers only repeat the findings of another Pod of its owner.
   */
  derived: number;
  readonly suppressed: SuppressedFinding[];
  readonly problems: Problem[];
  readonly warnings: Problem[];
}

/**
 * Runs the policy's checks over every object; each check sees the whole input through the index.
 * Each object's findings go to `onObject` as soon as its checks are done, in check order.
 */
export function runChecks(objects: readonly K8sObject[], policy: ScanPolicy, onObject: (findings: Finding[], object: K8sObject) => void): CheckResults {
  const run = checkRun(objects, policy, onObject);
  while (run.step());
  return run.results;
}

/** How long the checks run before letting the event loop turn. */
const YIELD_EVERY_MS = 20;

/**
 * runChecks for the CLI: the same work, with a turn of the event loop every few milliseconds.
 * A signal's handler runs only on the event loop; without these turns, a SIGTERM that arrives
 * while thousands of objects are checked (seconds for a large input) would wait for the end of
 * the checks, and the report file being written meanwhile for its handler to remove it.
 */
export async function runChecksYielding(objects: readonly K8sObject[], policy: ScanPolicy, onObject: (findings: Finding[], object: K8sObject) => void): Promise<CheckResults> {
  const run = checkRun(objects, policy, onObject);
  let until = performance.now() + YIELD_EVERY_MS;
  while (run.step()) {
    if (performance.now() < until) continue;
    // Two turns: from a poll-phase callback, the first immediate runs before the next poll phase,
    // where libuv reads the signal.
    await nextTurn();
    await nextTurn();
    until = performance.now() + YIELD_EVERY_MS;
  }
  return run.results;
}

const nextTurn = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** The checks over the objects, one object per `step` (false when none is left). */
function checkRun(objects: readonly K8sObject[], policy: ScanPolicy, onObject: (findings: Finding[], object: K8sObject) => void): { step(): boolean; readonly results: CheckResults } {
  const index = new ObjectIndex(objects);
  const results: CheckResults = { derived: 0, suppressed: [], problems: [], warnings: [] };
  let findings: Finding[] = [];
  const checksFor = checkSelector(policy.checks);
  // One report function for the whole run (it is called for every finding): it reads the object
  // and check being run from these variables.
  let object: K8sObject | undefined;
  let active: ActiveCheck | undefined;
  let namespace = '';
  let ignores: IgnoreAnnotations | undefined;
  // For a Pod a controller in the input created, only findings in the containers its owner's
  // template does not have (derivedScope).
  let onlyIn: readonly AddedContainer[] | undefined;
  // A webhook injects the same container into every replica: its findings are reported on the
  // first Pod of an owner that has them, by owner, container name, rule, field and message.
  const injectedSeen = new Set<string>();
  let injectedOwner = '';
  let ownerName = '';
  let repeats = 0;
  const report = (r: Report) => {
    if (!object || !active) return;
    if (onlyIn) {
      const container = onlyIn.find((c) => isUnder(r.path, c.path));
      if (!container) return;
      if (container.list !== 'ephemeralContainers') {
        const key = [injectedOwner, active.check.id, container.list, container.name, formatPath(r.path.slice(container.path.length)), r.message].join('\u0000');
        if (injectedSeen.has(key)) {
          repeats++;
          return;
        }
        injectedSeen.add(key);
        // The fix is in what injects it (a webhook's template), not in the owner's manifest.
        r = { ...r, message: `${r.message} (added at admission: ${ownerName} has no ${container.list === 'initContainers' ? 'init container' : 'container'} "${container.name}")` };
      }
    }
    const finding = toFinding(object, active, r);
    const suppression = exemptionFor(finding, namespace, policy.exemptions, ignores, object, r.path);
    if (suppression) results.suppressed.push({ finding, suppression });
    else findings.push(finding);
  };
  const checkObject = (current: K8sObject) => {
    const owner = scannedControllerOf(current, index);
    const scope = owner ? derivedScope(current, owner) : 'whole';
    if (scope === 'none') {
      results.derived++;
      return;
    }
    onlyIn = typeof scope === 'object' ? scope.added : undefined;
    injectedOwner = owner ? ownerKey(owner, index) : '';
    ownerName = owner ? `${owner.kind} "${owner.name}"` : '';
    repeats = 0;
    const suppressedBefore = results.suppressed.length;
    object = current;
    ignores = policy.allowAnnotationIgnore ? readIgnoreAnnotations(current, results.warnings, policy.allowOtherToolAnnotations, policy.isRule) : undefined;
    namespace = index.namespaceOf(current);
    const pod = podViewOf(current);
    for (const check of checksFor(current)) {
      active = check;
      try {
        check.check.runOn(current, check.params, index, policy.settings, report, pod);
      } catch (error) {
        // A check that throws is a bug in Rampart, not in the input: say so, keep scanning.
        const where = { file: current.source.file, line: current.locate([]).line };
        const message = error instanceof Error ? error.message : String(error);
        results.problems.push({ code: 'check-failed', message: `internal error in check "${check.check.id}" on ${current.kind} ${current.name}: ${message}`, location: where });
      }
    }
    if (onlyIn && repeats > 0 && findings.length === 0 && results.suppressed.length === suppressedBefore) results.derived++;
    if (findings.length > 0) {
      onObject(findings, current);
      findings = [];
    }
  };
  let next = 0;
  return {
    results,
    step() {
      if (next >= objects.length) return false;
      checkObject(objects[next++] as K8sObject);
      return next < objects.length;
    },
  };
}

/** Precomputes, per apiVersion and kind, which checks target an object. */
function checkSelector(checks: readonly ActiveCheck[]): (object: K8sObject) => readonly ActiveCheck[] {
  const cache = new Map<string, readonly ActiveCheck[]>();
  return (object) => {
    const key = `${object.apiVersion}\u0000${object.kind}`;
    let list = cache.get(key);
    if (!list) {
      const groups = new Set(KIND_GROUP_IDS.filter((g) => KIND_GROUPS[g](object)));
      list = checks.filter((c) => groups.has(c.check.target));
      cache.set(key, list);
    }
    return list;
  };
}

function toFinding(object: K8sObject, active: ActiveCheck, report: Report): Finding {
  const check = active.check;
  const position = object.locate(report.path);
  const finding: Finding = {
    ruleId: check.id,
    severity: active.severityOverride ?? report.severity ?? check.severity,
    category: check.category,
    title: check.title,
    message: report.message,
    object: object.ref,
    path: formatPath(report.path),
    location: { file: object.source.file, line: position.line, column: position.column },
    helmTemplate: object.source.helmTemplate,
    remediation: check.remediation,
    references: check.references,
  };
  return finding;
}
