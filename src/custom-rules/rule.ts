import { formatPath, type Path } from '../core/path.js';
import type { Reference } from '../core/references.js';
import type { Check, Report } from '../checks/api.js';
import { asRecord, type JsonRecord } from '../k8s/access.js';
import type { K8sObject } from '../k8s/object.js';
import type { ObjectIndex } from '../k8s/object-index.js';
import { type ContainerKind, describeContainer, type PodView, podViewOf } from '../k8s/workloads.js';
import { CONTAINER_KINDS, type CustomRule, type CustomTarget } from './config-schema.js';
import { type CompiledPolicy, compilePolicy, pathOfAttribute } from './checkov/policy.js';
import type { CelJudge } from './cel/cel-rule.js';
import type { ScanSettings } from '../checks/api.js';
import type { AdditionalJudge } from './additional-schemas.js';
import { compileSchema } from './json-schema.js';
import type { PolarisExtras, TemplateData } from './polaris-data.js';
import { type Lint, PORTED_TEMPLATES } from './kube-linter/index.js';
import { RuleFieldError } from './rule-field-error.js';
import type { RenderedSchema } from './schema-template.js';
import type * as Templated from './templated.js';

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
 * A Checkov rule: a finding for each resource Checkov makes of the object (the object itself, the
 * pod of its template) that fails the policy, at the attribute that decided, or the nearest field
 * the object has.
 */
function checkovRunner(policy: CompiledPolicy, lead: string): Runner {
  return (object, index, settings, report) => {
    // An admitted object comes alone: the resources a connection needs are not known.
    if (settings.admission && policy.readsOtherObjects) return;
    const failures = policy.verdicts(object, index).flatMap(({ resource, verdict }) => {
      if (verdict === undefined || verdict.passed) return [];
      const at = verdict.at ?? verdict.attribute;
      const path = resource.objectPath(at === undefined ? [] : pathOfAttribute(resource.body, at));
      const condition = `${verdict.attribute === undefined ? '' : `${verdict.attribute} `}${verdict.condition ?? ''}`.trimEnd();
      return [{ path, message: `${resource.templatePod ? `the pod of its template (Checkov's ${resource.id}) fails` : 'fails'} the Checkov condition ${condition}` }];
    });
    reportByField(object, lead, failures, report);
  };
}

/** Modules that only some rules need, loaded by the caller for a configuration that has such rules. */
export interface RuleModules {
  /** For CEL rules (cel/cel-rule.ts): the CEL library takes a while to load. */
  readonly celJudge?: (expression: string) => CelJudge;
  /** For schema templates and additional schemas (templated.ts). */
  readonly templated?: typeof Templated;
}

/** Whether a rule needs templated.ts. */
export const needsPolarisModules = (rule: CustomRule) => rule.schemaTemplate !== undefined || rule.additionalSchemas !== undefined || rule.typed === true;

/**
 * The check of a custom rule; throws an Error naming what is wrong with its schema, policy or
 * expression (a RuleFieldError when it can name the field).
 */
export function customRuleCheck(rule: CustomRule, modules: RuleModules = {}): Check {
  const checkov = rule.checkov ? compilePolicy(rule.checkov) : undefined;
  const lead = rule.message ?? rule.title;
  const additional = rule.additionalSchemas ? { additional: rule.additionalSchemas } : {};
  const templated = needsPolarisModules(rule) ? modules.templated : undefined;
  if (needsPolarisModules(rule) && !templated) throw new Error('a templated or typed rule needs the template modules loaded');
  const run =
    rule.cel !== undefined
      ? celRunner(rule.cel, lead, modules.celJudge)
      : rule.kubeLinter
        ? kubeLinterRunner(rule.kubeLinter, lead)
        : checkov
          ? checkovRunner(checkov, lead)
          : schemaRunner(rule, schemaSource(rule, templated), lead, templated);
  // A Checkov policy judges resources of its resource_types only (a workload's template is a Pod); `kinds` may narrow the objects further.
  const written = kindMatcher(rule.kinds);
  const judged = checkov ? (o: K8sObject) => checkov.mayJudge(o.kind) : undefined;
  const included = written && judged ? (o: K8sObject) => written(o) && judged(o) : (written ?? judged);
  const excluded = kindMatcher(rule.excludeKinds);
  return {
    id: rule.id,
    title: rule.title,
    severity: rule.severity,
    category: 'custom',
    target: rule.target === 'object' ? 'any' : 'workload',
    enabledByDefault: rule.enabled,
    // A connection's verdict needs the other objects, which an admitted object comes without.
    admission: !checkov?.readsOtherObjects,
    paramsSchema: undefined,
    condition: rule.checkov
      ? {
          language: 'Checkov policy definition',
          target: checkov?.readsOtherObjects
            ? "Checkov's graph of every object scanned (a workload's pod template is a Pod)"
            : "each resource of its resource_types that Checkov makes of an object (a workload's pod template is a Pod)",
          value: rule.checkov,
        }
      : rule.cel !== undefined
        ? { language: "CEL expression, as kube-linter's cel-expression evaluates it", target: 'each object of its kinds, as `object`', value: rule.cel }
        : rule.kubeLinter
          ? { language: `kube-linter template ${rule.kubeLinter.template}, run as kube-linter runs it`, target: 'each object of its kinds', value: rule.kubeLinter.params ?? {} }
        : rule.schemaTemplate !== undefined
          ? { language: "JSON Schema as a Go template, rendered with each object as Polaris' templated checks are", target: targetWords(rule), value: rule.schemaTemplate, ...additional }
          : { language: 'JSON Schema', target: targetWords(rule), value: rule.schema, ...additional },
    description: rule.description ?? `A custom rule of this configuration: ${rule.title}.`,
    remediation: rule.remediation ?? 'Change the object to satisfy the rule, or exempt it in .rampart.yaml.',
    references: (rule.references ?? []).map((url): Reference => ({ type: 'other', id: url, title: url, url })),
    parseParams: (input) =>
      input === undefined || (typeof input === 'object' && input !== null && Object.keys(input).length === 0)
        ? { ok: true, params: {} }
        : { ok: false, message: 'a custom rule takes no params', path: [] },
    runOn(object, _params, index, settings, report, known) {
      if ((included && !included(object)) || excluded?.(object)) return;
      run(object, index, settings, report, known);
    },
  };
}

/** A custom rule's judgement of one object of its kinds. */
type Runner = (object: K8sObject, index: ObjectIndex, settings: ScanSettings, report: (report: Report) => void, known: PodView | undefined) => void;

/** The schema a target is validated against: the same for all, or rendered from a template with the target's data. */
type SchemaSource = (data: () => TemplateData) => RenderedSchema;

function schemaSource(rule: CustomRule, templated: RuleModules['templated']): SchemaSource {
  if (rule.schemaTemplate === undefined || !templated) {
    const fixed: RenderedSchema = { kind: 'schema', validate: compileSchema(rule.schema ?? {}) };
    return () => fixed;
  }
  let render: ReturnType<typeof templated.schemaTemplate>;
  try {
    render = templated.schemaTemplate(rule.id, rule.schemaTemplate);
  } catch (error) {
    throw new RuleFieldError(`its schema template is not one Go's text/template parses: ${error instanceof Error ? error.message : String(error)}`, ['schemaTemplate']);
  }
  return (data) => {
    const { data: value, options } = data();
    return render(value, options);
  };
}

/** A CEL rule: one finding at the object, with the words the expression returned. */
function celRunner(expression: string, lead: string, celJudge: ((expression: string) => CelJudge) | undefined): Runner {
  if (!celJudge) throw new Error('a CEL rule needs the CEL evaluator loaded');
  const judge = celJudge(expression);
  return (object, index, _settings, report) => {
    const said = judge(object, index);
    if (said !== undefined) report({ path: [], message: `${object.kind} "${object.name}": ${lead} (${said})` });
  };
}

/**
 * A kube-linter template rule: a finding for each field kube-linter has something to say about,
 * with its words (several about one field are joined, so that each finding keeps its own fingerprint).
 */
function kubeLinterRunner(condition: NonNullable<CustomRule['kubeLinter']>, lead: string): Runner {
  const template = Object.hasOwn(PORTED_TEMPLATES, condition.template) ? PORTED_TEMPLATES[condition.template] : undefined;
  if (!template) throw new RuleFieldError(`kube-linter template "${condition.template}" is not one Rampart runs (${Object.keys(PORTED_TEMPLATES).join(', ')}; config import turns the others into schemas or CEL)`, ['kubeLinter', 'template']);
  const params = Object.fromEntries(Object.entries(condition.params ?? {}).map(([name, value]) => [name.toLowerCase(), value]));
  let lint: Lint;
  try {
    lint = template.instantiate(params);
  } catch (error) {
    throw new RuleFieldError(`kube-linter refuses these parameters of ${condition.template}: ${error instanceof Error ? error.message : String(error)}`, ['kubeLinter', 'params']);
  }
  return (object, index, settings, report) => {
    // An admitted object comes alone: the roles a binding names are not known.
    if (settings.admission && template.readsOtherObjects) return;
    reportByField(object, lead, lint(object, index), report);
  };
}

/** One finding per field, with the words said about it joined (so that each finding keeps its own fingerprint). */
function reportByField(object: K8sObject, lead: string, said: Iterable<{ readonly path: Path; readonly message: string }>, report: (report: Report) => void): void {
  const byPath = new Map<string, { path: Path; messages: string[] }>();
  for (const { path, message } of said) {
    const key = formatPath(path);
    const entry = byPath.get(key) ?? { path, messages: [] };
    if (!entry.messages.includes(message)) entry.messages.push(message);
    byPath.set(key, entry);
  }
  for (const { path, messages } of byPath.values()) report({ path, message: `${object.kind} "${object.name}": ${lead} (${messages.join('; ')})` });
}

/** A schema rule: each target of the object validated. */
function schemaRunner(rule: CustomRule, schema: SchemaSource, lead: string, templated: RuleModules['templated']): Runner {
  const containerKinds: ReadonlySet<ContainerKind> = new Set(rule.containers ?? CONTAINER_KINDS);
  const judge = TARGETS[rule.target];
  const additional = rule.additionalSchemas && templated ? templated.additionalSchemasJudge(rule.id, rule.additionalSchemas) : undefined;
  const dataOf = templated?.polarisTemplateData ?? NO_DATA;
  const typedSpec = rule.typed === true ? templated?.typedPodSpec : undefined;
  return (object, index, settings, report, known) => {
    const pod = rule.target === 'object' ? undefined : (known ?? podViewOf(object));
    if (rule.target !== 'object' && !pod) return;
    // An admitted object comes alone: the objects an additional schema asks for are not known.
    judge({ object, pod, schema, additional: settings.admission ? undefined : additional, dataOf, typedSpec, index, lead, containerKinds, report });
  };
}

/** A rule without templates asks for no template data. */
const NO_DATA = (): TemplateData => ({ data: null, options: {} });

/** What the schema of each target is applied to, in `rules explain`. */
const targetWords = (rule: CustomRule) => `${TARGET_WORDS[rule.target]}${rule.typed === true ? ", as the Kubernetes API's Go type writes it" : ''}`;

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
  readonly schema: SchemaSource;
  readonly additional: AdditionalJudge | undefined;
  readonly dataOf: (object: K8sObject, extras?: PolarisExtras) => TemplateData;
  /** For a typed rule: the pod spec as its Go type writes it, whose containers are validated too. */
  readonly typedSpec: ((spec: JsonRecord) => JsonRecord) | undefined;
  readonly index: ObjectIndex;
  readonly lead: string;
  readonly containerKinds: ReadonlySet<ContainerKind>;
  report(report: Report): void;
}

/**
 * Validates one document found at `at` in the object and reports its first failure there; when it
 * passes, the additional schemas' verdict. Templates get the object's data, with `extras` for pod
 * and container targets, made once and only if a template asks.
 */
function check(judged: Judged, document: unknown, at: Path, who: string, extras?: PolarisExtras): void {
  let made: TemplateData | undefined;
  const data = () => (made ??= judged.dataOf(judged.object, extras));
  const fail = (path: Path, why: string) => judged.report({ path, message: `${who}: ${judged.lead} (${why})` });
  const rendered = judged.schema(data);
  if (rendered.kind === 'error') return fail(at, rendered.message);
  const failure = rendered.kind === 'schema' ? rendered.validate(document) : undefined;
  if (failure) return fail([...at, ...failure.path], failure.message);
  const missing = judged.additional?.(judged.object, judged.index, data);
  if (missing !== undefined) fail(at, missing);
}

/** What the pod and container targets add to a template's data (`.Polaris.PodSpec`, ...). */
function podExtras(j: Judged, container?: PolarisExtras['container']): PolarisExtras {
  return { podSpec: j.pod!.spec, podTemplate: templateOf(j), ...(container ? { container } : {}) };
}

/** A container of a typed pod spec: the one of the same list and index. */
function typedContainer(spec: JsonRecord, kind: ContainerKind, index: number): unknown {
  const list = spec[CONTAINER_LISTS[kind]];
  return Array.isArray(list) ? (list[index] ?? {}) : {};
}

const CONTAINER_LISTS: Readonly<Record<ContainerKind, string>> = { container: 'containers', initContainer: 'initContainers', ephemeralContainer: 'ephemeralContainers' };

function templateOf(j: Judged): unknown {
  let template: unknown = j.object.body;
  for (const key of j.pod!.workloadKind.templatePath) template = asRecord(template)?.[key as string];
  return template;
}

const TARGETS: Readonly<Record<CustomTarget, (judged: Judged) => void>> = {
  object: (j) => check(j, j.object.body, [], `${j.object.kind} "${j.object.name}"`),
  workload: (j) => check(j, j.object.body, [], `${j.object.kind} "${j.object.name}"`),
  'pod-spec': (j) => check(j, j.typedSpec ? j.typedSpec(j.pod!.spec) : j.pod!.spec, j.pod!.specPath, 'the pod spec', podExtras(j)),
  'pod-template': (j) => check(j, templateOf(j), j.pod!.workloadKind.templatePath, 'the pod template', podExtras(j)),
  container: (j) => {
    const typed = j.typedSpec?.(j.pod!.spec);
    for (const c of j.pod!.containers) {
      if (!j.containerKinds.has(c.kind)) continue;
      const index = c.path.at(-1);
      // Polaris judges containers and init containers; an ephemeral container's data has no .Polaris.Container.
      const container = c.kind !== 'ephemeralContainer' && typeof index === 'number' ? { init: c.kind === 'initContainer', index } : undefined;
      const document = typed && typeof index === 'number' ? typedContainer(typed, c.kind, index) : c.body;
      check(j, document, c.path, describeContainer(c), podExtras(j, container));
    }
  },
};
