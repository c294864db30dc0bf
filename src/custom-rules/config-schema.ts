import { z } from 'zod';
import { RULE_ID } from '../core/rule.js';
import { SEVERITIES } from '../core/severity.js';

/*
 * `customRules:` of .rampart.yaml as users write them. Kept apart from the rule engine
 * (rule.ts), which loads a JSON Schema validator only when a configuration has custom rules.
 */

export const CUSTOM_TARGETS = ['container', 'pod-spec', 'pod-template', 'workload', 'object'] as const;
export type CustomTarget = (typeof CUSTOM_TARGETS)[number];

export const CONTAINER_KINDS = ['container', 'initContainer', 'ephemeralContainer'] as const;

const text = z.string().trim().min(1, 'must not be empty');

/** A key of additionalSchemas, as Polaris keys objects: the group of their apiVersion and their kind. */
const ADDITIONAL_KEY = /^([a-z0-9]([-a-z0-9.]*[a-z0-9])?\/)?[A-Za-z][A-Za-z0-9]*$/;

export const customRuleSchema = z
  .object({
    /** kebab-case, not the id of a built-in rule. */
    id: z.string().regex(RULE_ID, 'expected a kebab-case id (lowercase letters, digits and dashes)'),
    title: text,
    severity: z.enum(SEVERITIES),
    target: z.enum(CUSTOM_TARGETS),
    /** The kinds checked: `Deployment`, `apps/Deployment`, `apps/v1/Deployment`, or `*` for every kind (`object` needs them; for the others they narrow the workloads). */
    kinds: z.array(text).optional(),
    /** For `workload`, `pod-spec`, `pod-template` and `container`: workload kinds left out. */
    excludeKinds: z.array(text).optional(),
    /** For `container`: the kinds of container checked (default all three). */
    containers: z.array(z.enum(CONTAINER_KINDS)).min(1).optional(),
    /** The JSON Schema a target must satisfy (draft 2019-09 or draft-07). */
    schema: z.record(z.string(), z.unknown()).optional(),
    /**
     * Instead of schema: the JSON Schema as a Go template (Polaris' templated checks), rendered with
     * each object as data and read as YAML or JSON.
     */
    schemaTemplate: text.optional(),
    /**
     * Polaris' multi-resource checks: for each `group/Kind` (`Kind` alone for the core group), some
     * object of that kind in the target's namespace (or with none) must satisfy the schema. A string
     * is a Go template rendered with the target object, as schemaTemplate is. Judged only when the
     * target passes its own schema.
     */
    additionalSchemas: z.record(z.string(), z.union([z.record(z.string(), z.unknown()), z.string()])).optional(),
    /** Instead of schema, for target object: a Checkov YAML policy's definition, which each resource of its resource_types (as Checkov makes them of an object) must pass. */
    checkov: z.record(z.string(), z.unknown()).optional(),
    /** Instead of schema, for target object: a CEL expression evaluated as kube-linter's cel-expression template does ("" passes, other text is the finding). */
    cel: text.optional(),
    /** Instead of schema, for target object: a kube-linter template Rampart runs as kube-linter does, with its parameters. */
    kubeLinter: z.object({ template: text, params: z.record(z.string(), z.unknown()).optional() }).strict().optional(),
    /**
     * For `container` and `pod-spec`: validate the target as the Kubernetes API's Go type writes
     * it (json.Marshal of corev1.Container or PodSpec), as Polaris' container and pod spec checks
     * do: quantities in canonical form as strings (`cpu: 1` is "1"), fields the type always writes
     * added (`resources: {}`, `name`), unknown fields dropped.
     */
    typed: z.boolean().optional(),
    /** What a finding says before the schema's own words; the title when left out. */
    message: text.optional(),
    description: text.optional(),
    remediation: text.optional(),
    references: z.array(z.url()).optional(),
    enabled: z.boolean().default(true),
  })
  .strict()
  .refine((rule) => [rule.schema, rule.schemaTemplate, rule.checkov, rule.cel, rule.kubeLinter].filter((c) => c !== undefined).length === 1, {
    message: 'a custom rule needs one condition: a schema, a schema template, a checkov policy definition, a cel expression or a kube-linter template',
    path: ['schema'],
  })
  .refine((rule) => rule.additionalSchemas === undefined || rule.schema !== undefined || rule.schemaTemplate !== undefined, { message: 'additionalSchemas go with a schema or a schema template', path: ['additionalSchemas'] })
  .refine((rule) => Object.keys(rule.additionalSchemas ?? {}).every((key) => ADDITIONAL_KEY.test(key)), {
    message: 'the keys of additionalSchemas are group/Kind (the group of the apiVersion, no version), or Kind for the core group',
    path: ['additionalSchemas'],
  })
  .refine((rule) => rule.checkov === undefined || rule.target === 'object', { message: 'a checkov policy definition judges whole objects: use target object', path: ['target'] })
  .refine((rule) => rule.cel === undefined || rule.target === 'object', { message: 'a cel expression judges whole objects: use target object', path: ['target'] })
  .refine((rule) => rule.kubeLinter === undefined || rule.target === 'object', { message: 'a kube-linter template judges whole objects: use target object', path: ['target'] })
  .refine((rule) => rule.target !== 'object' || rule.checkov !== undefined || (rule.kinds !== undefined && rule.kinds.length > 0), { message: 'target object needs kinds: the kinds of object to check', path: ['kinds'] })
  .refine((rule) => rule.containers === undefined || rule.target === 'container', { message: 'containers applies to target container only', path: ['containers'] })
  .refine((rule) => rule.typed !== true || rule.target === 'container' || rule.target === 'pod-spec', {
    message: 'typed applies to the schemas of targets container and pod-spec',
    path: ['typed'],
  });

export type CustomRule = z.output<typeof customRuleSchema>;
