import type { Path } from '../core/path.js';
import type { Reference } from '../core/references.js';
import type { Check, Report } from '../checks/api.js';
import { asRecord } from '../k8s/access.js';
import type { K8sObject } from '../k8s/object.js';
import type { ObjectIndex } from '../k8s/object-index.js';
import { type ContainerKind, describeContainer, type PodView, podViewOf } from '../k8s/workloads.js';
import { CONTAINER_KINDS, type CustomRule, type CustomTarget } from './config-schema.js';
import { compilePolicy, pathOfAttribute } from './checkov/policy.js';
import type { CelJudge } from './cel/cel-rule.js';
import { compileSchema, type SchemaValidator } from './json-schema.js';

/*
 * Rules users write in .rampart.yaml (`customRules:`), on the model of Polaris' custom checks: a
 * JSON Schema that each target must satisfy. A target is a container, a pod spec, a pod template,
 * a whole workload, or any object of the kinds named. A target that fails its schema is one
 * finding, at the value the schema refused (a missing field at the object that should hold it).
 */

/**
 * A kind as written: `Deployment` (any API group), `apps/Deployment` (Polaris' group/Kind; `/Service`
 * or `core/Service` for the core group) or `apps/v1/Deployment` (apiVersion/Kind, `v1/Service`);
 * `*` is every kind.
 */
function kindMatcher(kinds: readonly string[] | undefined): ((object: K8sObject) => boolean) | undefined {
  if (!kinds || kinds.length === 0 || kinds.includes('*')) return undefined;
  const tests = kinds.map((written) => {
    const slash = written.lastIndexOf('/');
    if (slash === -1) return (o: K8sObject) => o.kind === written;
    const group = written.slice(0, slash);
    const kind = written.slice(slash + 1);
    const core = group === '' || group === 'core';
    return (o: K8sObject) => o.kind === kind && (core ? o.group === '' : o.group === group || o.apiVersion === group);
  });
  return (object) => tests.some((t) => t(object));
}

/**
 * A Checkov policy definition as a validator of whole objects, and the kinds it judges (its
 * resource_types). A failure is at the attribute that decided, or the nearest field the object has.
 */
function checkovValidator(definition: Record<string, unknown>): { validate: SchemaValidator; kinds: readonly string[] } {
  const policy = compilePolicy(definition);
  const validate: SchemaValidator = (document) => {
    const body = asRecord(document) ?? {};
    const verdict = policy.judge(body, String(body.kind));
    if (verdict === undefined || verdict.passed) return undefined;
    const path = verdict.attribute === undefined ? [] : pathOfAttribute(body, verdict.attribute);
    return { path, message: `fails the Checkov condition ${verdict.attribute === undefined ? '' : `${verdict.attribute} `}${verdict.condition ?? ''}`.trimEnd() };
  };
  return { validate, kinds: policy.kinds };
}

/**
 * The check of a custom rule; throws an Error naming what is wrong with its schema, policy or
 * expression. A CEL rule needs `celJudge` (cel/cel-rule.ts), which callers load only for a
 * configuration that has CEL rules: the CEL library takes a while to load.
 */
export function customRuleCheck(rule: CustomRule, celJudge?: (expression: string) => CelJudge): Check {
  const checkov = rule.checkov ? checkovValidator(rule.checkov) : undefined;
  const lead = rule.message ?? rule.title;
  const run = rule.cel !== undefined ? celRunner(rule.cel, lead, celJudge) : schemaRunner(rule, checkov?.validate ?? compileSchema(rule.schema ?? {}), lead);
  // A Checkov policy judges the kinds of its resource_types only; `kinds` may narrow them further.
  const written = kindMatcher(rule.kinds);
  const judged = checkov && checkov.kinds.length > 0 ? kindMatcher(checkov.kinds) : undefined;
  const included = written && judged ? (o: K8sObject) => written(o) && judged(o) : (written ?? judged);
  const excluded = kindMatcher(rule.excludeKinds);
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: 'custom',
    target: rule.target === 'object' ? 'any' : 'workload',
    enabledByDefault: rule.enabled,
    admission: true,
    paramsSchema: undefined,
    condition: rule.checkov
      ? { language: 'Checkov policy definition', target: 'each object of its resource_types', value: rule.checkov }
      : rule.cel !== undefined
        ? { language: "CEL expression, as kube-linter's cel-expression evaluates it", target: 'each object of its kinds, as `object`', value: rule.cel }
        : { language: 'JSON Schema', target: TARGET_WORDS[rule.target], value: rule.schema },
    description: rule.description ?? `A custom rule of this configuration: ${rule.title}.`,
    remediation: rule.remediation ?? 'Change the object to satisfy the rule, or exempt it in .rampart.yaml.',
    references: (rule.references ?? []).map((url): Reference => ({ type: 'other', id: url, title: url, url })),
    parseParams: (input) =>
      input === undefined || (typeof input === 'object' && input !== null && Object.keys(input).length === 0)
        ? { ok: true, params: {} }
        : { ok: false, message: 'a custom rule takes no params', path: [] },
    runOn(object, _params, index, _settings, report, known) {
      if ((included && !included(object)) || excluded?.(object)) return;
      run(object, index, report, known);
    },
  };
}

/** A custom rule's judgement of one object of its kinds. */
type Runner = (object: K8sObject, index: ObjectIndex, report: (report: Report) => void, known: PodView | undefined) => void;

/** A CEL rule: one finding at the object, with the words the expression returned. */
function celRunner(expression: string, lead: string, celJudge: ((expression: string) => CelJudge) | undefined): Runner {
  if (!celJudge) throw new Error('a CEL rule needs the CEL evaluator loaded');
  const judge = celJudge(expression);
  return (object, index, report) => {
    const said = judge(object, index);
    if (said !== undefined) report({ path: [], message: `${object.kind} "${object.name}": ${lead} (${said})` });
  };
}

/** A schema or Checkov rule: each target of the object validated. */
function schemaRunner(rule: CustomRule, validate: SchemaValidator, lead: string): Runner {
  const containerKinds: ReadonlySet<ContainerKind> = new Set(rule.containers ?? CONTAINER_KINDS);
  const judge = TARGETS[rule.target];
  return (object, _index, report, known) => {
    const pod = rule.target === 'object' ? undefined : (known ?? podViewOf(object));
    if (rule.target !== 'object' && !pod) return;
    judge({ object, pod, validate, lead, containerKinds, report });
  };
}

/** What the schema of each target is applied to, in `rules explain`. */
const TARGET_WORDS: Readonly<Record<CustomTarget, string>> = {
  container: 'each container',
  'pod-spec': 'each pod spec',
  'pod-template': 'each pod template',
  workload: 'each workload',
  object: 'each object of its kinds',
};

interface Judged {
  readonly object: K8sObject;
  readonly pod: PodView | undefined;
  readonly validate: SchemaValidator;
  readonly lead: string;
  readonly containerKinds: ReadonlySet<ContainerKind>;
  report(report: Report): void;
}

/** Validates one document found at `at` in the object, and reports its first failure there. */
function check(judged: Judged, document: unknown, at: Path, who: string): void {
  const failure = judged.validate(document);
  if (failure) judged.report({ path: [...at, ...failure.path], message: `${who}: ${judged.lead} (${failure.message})` });
}

const TARGETS: Readonly<Record<CustomTarget, (judged: Judged) => void>> = {
  object: (j) => check(j, j.object.body, [], `${j.object.kind} "${j.object.name}"`),
  workload: (j) => check(j, j.object.body, [], `${j.object.kind} "${j.object.name}"`),
  'pod-spec': (j) => check(j, j.pod!.spec, j.pod!.specPath, 'the pod spec'),
  'pod-template': (j) => {
    const at = j.pod!.workloadKind.templatePath;
    let template: unknown = j.object.body;
    for (const key of at) template = asRecord(template)?.[key as string];
    check(j, template, at, 'the pod template');
  },
  container: (j) => {
    for (const c of j.pod!.containers) if (j.containerKinds.has(c.kind)) check(j, c.body, c.path, describeContainer(c));
  },
};
