import { broaderThan, rulesForAll, rulesForKind } from '../checks/equivalents.js';

/*
 * Per-object exemptions written for other scanners, honoured for the Rampart rules that check
 * exactly what the exempted check did (src/checks/equivalents.ts), so a repository moving to
 * Rampart keeps the decisions already recorded on its objects:
 *
 *   kube-linter  ignore-check.kube-linter.io/<check>: "<reason>";  kube-linter.io/ignore-all
 *   Polaris      polaris.fairwinds.com/<check>-exempt: "true";     polaris.fairwinds.com/exempt: "true"
 *   kube-score   kube-score/ignore: "<test>,<test>"
 *   Checkov      checkov.io/skip<N>: "<CKV_K8S_id>[=<reason>]"    (also bridgecrew.io/skip<N>)
 *
 * "All checks" exemptions cover the rules equivalent to any of that tool's checks, not every
 * Rampart rule: they silence no more than the tool itself did.
 */

const KUBE_LINTER_CHECK = 'ignore-check.kube-linter.io/';
const KUBE_LINTER_ALL = 'kube-linter.io/ignore-all';
const POLARIS_PREFIX = 'polaris.fairwinds.com/';
const POLARIS_ALL = 'polaris.fairwinds.com/exempt';
const KUBE_SCORE_IGNORE = 'kube-score/ignore';
const CHECKOV_SKIP = /^(?:checkov|bridgecrew)\.io\/skip\d*$/;

/** An annotation for a check whose concept's rules all report more than it did: it silences nothing. */
export interface UnhonouredIgnore {
  readonly key: string;
  readonly tool: string;
  readonly id: string;
  /** What the rules report beyond the check. */
  readonly why: string;
}

/**
 * Rule id → why it is exempted (naming the annotation), for the annotations of one object of
 * `kind` (a check that looks at some kinds only silences more on those: rulesForKind).
 * Annotations that silence nothing because the rules report more than the check go to `unhonoured`.
 */
export function otherToolIgnores(annotations: Readonly<Record<string, string>>, kind: string, unhonoured?: UnhonouredIgnore[]): Map<string, string> | undefined {
  let ignores: Map<string, string> | undefined;
  const rulesOf = (tool: string, id: string, key: string): readonly string[] => {
    const rules = rulesForKind(tool, id, kind);
    const why = rules.length === 0 ? broaderThan(tool, id) : undefined;
    if (why !== undefined) unhonoured?.push({ key, tool, id, why });
    return rules;
  };
  const add = (tool: string, rules: Iterable<string>, key: string, value: string) => {
    const reason = `${tool} annotation ${key}: ${JSON.stringify(value)}`;
    for (const rule of rules) {
      ignores ??= new Map();
      if (!ignores.has(rule)) ignores.set(rule, reason);
    }
  };
  for (const key in annotations) {
    const value = annotations[key] ?? '';
    if (key.startsWith(KUBE_LINTER_CHECK)) add('kube-linter', rulesOf('kube-linter', key.slice(KUBE_LINTER_CHECK.length), key), key, value);
    else if (key === KUBE_LINTER_ALL) add('kube-linter', rulesForAll('kube-linter', kind), key, value);
    else if (key === POLARIS_ALL) {
      if (value.toLowerCase() === 'true') add('Polaris', rulesForAll('Polaris', kind), key, value);
    } else if (key.startsWith(POLARIS_PREFIX) && key.endsWith('-exempt')) {
      if (value.toLowerCase() === 'true') add('Polaris', rulesOf('Polaris', key.slice(POLARIS_PREFIX.length, -'-exempt'.length), key), key, value);
    } else if (key === KUBE_SCORE_IGNORE) add('kube-score', value.split(',').flatMap((id) => rulesOf('kube-score', id.trim(), key)), key, value);
    else if (CHECKOV_SKIP.test(key)) {
      const at = value.indexOf('=');
      add('Checkov', rulesOf('Checkov', (at < 0 ? value : value.slice(0, at)).trim(), key), key, value);
    }
  }
  return ignores;
}
