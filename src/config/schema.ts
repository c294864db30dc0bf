import { z } from 'zod';
import { admissionConfigSchema } from '../admission/config-schema.js';
import { daysInMonth } from '../core/civil-date.js';
import { SEVERITIES } from '../core/severity.js';
import { customRuleSchema } from '../custom-rules/config-schema.js';

const severity = z.enum(SEVERITIES);

const ruleSettingObject = z
  .object({
    enabled: z.boolean().optional(),
    severity: severity.optional(),
    params: z.record(z.string(), z.unknown()).optional(),
  })
  .strict();

const ruleSetting = z.union(
  [
    z.enum(['off', 'on']),
    // Unquoted `off`/`on` are booleans in Kubernetes-flavoured YAML, which config files use too.
    z.boolean().transform((on) => (on ? 'on' : 'off')),
    severity,
    ruleSettingObject,
  ],
  {
    // A union's own message says only that no option fits: name what fits, or for a mapping, what is wrong in it.
    error: (issue) => {
      const input = issue.input;
      if (input !== null && typeof input === 'object' && !Array.isArray(input)) {
        const inner = ruleSettingObject.safeParse(input);
        const first = inner.success ? undefined : inner.error.issues[0];
        if (first) return first.path.length > 0 ? `${first.path.join('.')}: ${first.message}` : first.message;
      }
      return `expected on, off, a severity (${SEVERITIES.join(', ')}) or a mapping of enabled, severity and params`;
    },
  },
);

/** Whether YYYY-MM-DD names a real day (2027-02-29 and 2099-13-45 do not), years 0000 to 0099 too (Date.UTC would read them as 1900 to 1999). */
function isCalendarDate(text: string): boolean {
  const [year, month, day] = text.split('-').map(Number) as [number, number, number];
  return month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month);
}

const isoDate = z.union([
  z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
    .refine(isCalendarDate, 'not a date of the calendar (expected YYYY-MM-DD, e.g. 2027-03-31)'),
  // YAML reads an unquoted 2026-12-31 as a timestamp string already; a Date can come from JSON tooling.
  z.date().transform((d) => d.toISOString().slice(0, 10)),
], { error: 'expected a date as YYYY-MM-DD' });

const exemption = z
  .object({
    rules: z.array(z.string()).min(1).default(['*']),
    kinds: z.array(z.string()).optional(),
    namespaces: z.array(z.string()).optional(),
    /**
     * Match `namespaces` against the namespace the manifest writes ("" when it names none, as
     * Polaris compares it) instead of the one the object lands in (`default` when it names none).
     */
    namespaceAsWritten: z.boolean().optional(),
    names: z.array(z.string()).optional(),
    /** Container name globs: only findings in a container of that name (regular, init or ephemeral) are exempt. */
    containers: z.array(z.string()).optional(),
    reason: z.string().trim().min(1, 'every exemption needs a reason'),
    expires: isoDate.optional(),
  })
  .strict();

const nonEmpty = z.string().trim().min(1, 'must not be empty');

const helmSchema = z
  .object({
    /** Values files, relative to this file's directory. */
    values: z.array(nonEmpty).default([]),
    set: z.array(nonEmpty).default([]),
    setString: z.array(nonEmpty).default([]),
    /** `key=path`, the path relative to this file's directory. */
    setFile: z.array(z.string().regex(/^[^=]+=.+$/, 'expected key=path')).default([]),
    apiVersions: z.array(nonEmpty).default([]),
    kubeVersion: z.string().regex(/^v?\d+\.\d+(\.\d+)?$/, 'expected a version like 1.33').optional(),
    namespace: nonEmpty.optional(),
    releaseName: nonEmpty.optional(),
    /** Fetch dependencies missing from charts/ over the network (--helm-dependency-update). */
    dependencyUpdate: z.boolean().optional(),
  })
  .strict();

/** `.rampart.yaml`: what users write. Unknown keys are errors, so typos do not pass silently. */
export const configSchema = z
  .object({
    /** Turn on every check, including the ones off by default. */
    enableAll: z.boolean().default(false),
    rules: z.record(z.string(), ruleSetting).default({}),
    /** Run only these rules, each on even if off by default unless `rules:` turns it off (`--rule` on the command line wins over it). */
    onlyRules: z.array(z.string().trim().min(1, 'must not be empty')).optional(),
    exemptions: z.array(exemption).default([]),
    annotations: z
      .object({
        /** Honour `rampart.dev/ignore` annotations on objects. */
        allowIgnore: z.boolean().default(true),
        /** Honour other scanners' exemption annotations (kube-linter, Polaris, kube-score, Checkov) for the equivalent rules. */
        otherTools: z.boolean().default(true),
      })
      .strict()
      .default({ allowIgnore: true, otherTools: true }),
    /** Paths `rampart scan` leaves out, relative to this file's directory (`--exclude` adds more). */
    exclude: z.array(z.string().trim().min(1, 'an empty pattern excludes nothing')).default([]),
    /** How `rampart scan` renders the Helm charts it meets (the `--helm-*` flags add to it, or win). */
    helm: helmSchema.optional(),
    /** Whether `rampart scan` builds the kustomizations it meets (`--kustomize`), and may let them fetch remote resources. */
    kustomize: z.object({ build: z.boolean().default(false), allowRemote: z.boolean().default(false) }).strict().optional(),
    failOn: z.enum([...SEVERITIES, 'never']).optional(),
    /** Report only findings at or above this severity (`--min-severity`). */
    minSeverity: severity.optional(),
    /** Rules of this configuration: a JSON Schema each target must satisfy (docs/configuration.md, "Custom rules"). */
    customRules: z.array(customRuleSchema).default([]),
    /** `rampart admission serve` / `admission test`: Pod Security Admission settings and rule bindings (docs/admission.md). */
    admission: admissionConfigSchema.optional(),
  })
  .strict();

export type ConfigFile = z.output<typeof configSchema>;
export type Exemption = z.output<typeof exemption>;
export type RuleSetting = z.output<typeof ruleSetting>;
