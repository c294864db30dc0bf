import { z } from 'zod';
import type { Path } from '../core/path.js';
import type { RuleMeta } from '../core/rule.js';
import type { Severity } from '../core/severity.js';
import type { KindGroup } from '../k8s/kind-groups.js';
import type { K8sObject } from '../k8s/object.js';
import type { ObjectIndex } from '../k8s/object-index.js';
import { type PodView, podViewOf } from '../k8s/workloads.js';

/** What a check reports; the engine adds the rule's metadata, the object and the location. */
export interface Report {
  /** Path of the offending field, relative to the object. A missing field's intended path is fine. */
  readonly path: Path;
  readonly message: string;
  /** Overrides the rule's severity for this occurrence (e.g. a worse variant of the same problem). */
  readonly severity?: Severity;
}

/** Scan-wide settings some checks depend on. */
export interface ScanSettings {
  /** The Kubernetes version the manifests target (`--kube-version`), e.g. `1.33`. */
  readonly kubeVersion?: string;
  /** Resolve RBAC bindings against Kubernetes' bootstrap roles and bindings too (default true). */
  readonly rbacDefaults?: boolean;
  /** One admitted object is checked, alone: what else the cluster holds is not known. */
  readonly admission?: boolean;
}

export interface CheckContext<P> {
  readonly object: K8sObject;
  readonly params: P;
  readonly settings: ScanSettings;
  /** Every object of the scan, for checks that relate objects. */
  readonly index: ObjectIndex;
  report(report: Report): void;
}

export interface WorkloadContext<P> extends CheckContext<P> {
  readonly pod: PodView;
}

export const CHECK_CATEGORIES = [
  'pod-security',
  'workload',
  'supply-chain',
  'secrets',
  'network',
  'rbac',
  'availability',
  'hygiene',
  'deprecation',
  'control-plane',
  /** Rules users write in .rampart.yaml (customRules). */
  'custom',
] as const;
export type CheckCategory = (typeof CHECK_CATEGORIES)[number];

interface CheckMeta<P> extends RuleMeta {
  readonly category: CheckCategory;
  /** Off unless enabled in configuration (opinionated or noisy checks). Defaults to true. */
  readonly enabledByDefault?: boolean;
  /** Whether admission control can enforce this check on a single object. */
  readonly admission?: boolean;
  /** Parameters with their defaults; validated when configuration loads. */
  readonly params?: z.ZodType<P>;
}

interface WorkloadCheckDefinition<P> extends CheckMeta<P> {
  readonly target: 'workload';
  run(ctx: WorkloadContext<P>): void;
}

interface ObjectCheckDefinition<P> extends CheckMeta<P> {
  readonly target: Exclude<KindGroup, 'workload'>;
  run(ctx: CheckContext<P>): void;
}

export type CheckDefinition<P> = WorkloadCheckDefinition<P> | ObjectCheckDefinition<P>;

/** A registered check with its parameter type erased; `parseParams` turns configuration into params. */
export interface Check extends RuleMeta {
  readonly category: CheckCategory;
  readonly target: KindGroup;
  readonly enabledByDefault: boolean;
  readonly admission: boolean;
  /** JSON schema-like description of parameters for docs; undefined when the check has none. */
  readonly paramsSchema: z.ZodType | undefined;
  /** For a custom rule: what each target must satisfy, as written (its JSON Schema or Checkov policy definition), for `rules explain`. */
  readonly condition?: {
    readonly language: string;
    readonly target: string;
    readonly value: unknown;
    /** Schemas that some other object of each kind (`group/Kind`) must pass, as Polaris' additionalSchemas. */
    readonly additional?: Readonly<Record<string, unknown>>;
  };
  /** On failure, `path` leads to the offending parameter (relative to the params mapping). */
  parseParams(input: unknown): { ok: true; params: unknown } | { ok: false; message: string; path: ReadonlyArray<string | number> };
  /** `pod`: the object's pod view when the caller has it at hand (it is looked up otherwise). */
  runOn(object: K8sObject, params: unknown, index: ObjectIndex, settings: ScanSettings, report: (r: Report) => void, pod?: PodView): void;
}

const NO_PARAMS = z.object({}).strict();

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export function defineCheck<P = Record<string, never>>(definition: CheckDefinition<P>): Check {
  const schema = definition.params ?? NO_PARAMS;
  const { run: _run, params: _params, ...meta } = definition;
  let workloadContext: Mutable<WorkloadContext<P>> | undefined;
  let objectContext: Mutable<CheckContext<P>> | undefined;
  return {
    ...meta,
    enabledByDefault: definition.enabledByDefault ?? true,
    admission: definition.admission ?? false,
    paramsSchema: definition.params,
    parseParams(input) {
      const parsed = schema.safeParse(input ?? {});
      if (parsed.success) return { ok: true, params: parsed.data };
      const issue = parsed.error.issues[0];
      const path = (issue?.path ?? []).filter((key): key is string | number => typeof key !== 'symbol');
      const message = issue ? `${path.length > 0 ? `${path.join('.')}: ` : ''}${issue.message}` : z.prettifyError(parsed.error).replaceAll('\n', '; ');
      return { ok: false, message, path };
    },
    runOn(object, params, index, settings, report, known) {
      // `params` came out of this check's own schema in parseParams, so it has type P. This runs
      // once per check and object (750,000 times for 10,000 workloads), so each check refills one
      // context of a fixed shape instead of allocating one per call. Checks run synchronously and
      // none keeps its context after `run` returns.
      if (definition.target === 'workload') {
        const pod = known ?? podViewOf(object);
        if (!pod) return;
        const ctx = (workloadContext ??= { object, params: params as P, index, settings, report, pod });
        ctx.object = object;
        ctx.params = params as P;
        ctx.index = index;
        ctx.settings = settings;
        ctx.report = report;
        ctx.pod = pod;
        definition.run(ctx);
      } else {
        const ctx = (objectContext ??= { object, params: params as P, index, settings, report });
        ctx.object = object;
        ctx.params = params as P;
        ctx.index = index;
        ctx.settings = settings;
        ctx.report = report;
        definition.run(ctx);
      }
    },
  };
}
