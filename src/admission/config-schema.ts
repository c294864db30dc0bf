import { z } from 'zod';
import { podSecurityConfigurationSchema } from './policy/config.js';
import { parseLevel, parseVersion } from './policy/levels.js';

/**
 * The `admission:` section of `.rampart.yaml`: Pod Security Admission's configuration inline, and
 * bindings that enforce Rampart rules on admitted objects. Rule ids are checked against the
 * registry when the webhook's policy is built (`compileAdmissionPolicy`).
 */

export const ADMISSION_ACTIONS = ['enforce', 'warn', 'audit'] as const;
export type AdmissionAction = (typeof ADMISSION_ACTIONS)[number];

const labelSelector = z
  .object({
    matchLabels: z.record(z.string(), z.string()).optional(),
    matchExpressions: z
      .array(
        z
          .object({
            key: z.string().min(1),
            operator: z.enum(['In', 'NotIn', 'Exists', 'DoesNotExist']),
            values: z.array(z.string()).optional(),
          })
          .strict()
          .refine((e) => ((e.operator === 'In' || e.operator === 'NotIn') ? (e.values?.length ?? 0) > 0 : (e.values?.length ?? 0) === 0), {
            message: 'In and NotIn need values; Exists and DoesNotExist take none',
          }),
      )
      .optional(),
  })
  .strict();

const binding = z
  .object({
    /** Shown in messages and logs; defaults to `bindings[i]`. */
    name: z.string().min(1).optional(),
    rules: z.array(z.string().min(1)).min(1, 'a binding needs at least one rule'),
    action: z.enum(ADMISSION_ACTIONS),
    /** Namespace name globs (* and ?); omitted means every namespace (and cluster-scoped objects). */
    namespaces: z.array(z.string().min(1)).min(1).optional(),
    /** Labels the object's namespace must have; ANDed with `namespaces`. */
    namespaceSelector: labelSelector.optional(),
  })
  .strict();

const LEVEL_KEYS = ['enforce', 'audit', 'warn'] as const;
const VERSION_KEYS = ['enforce-version', 'audit-version', 'warn-version'] as const;

/** The PodSecurityConfiguration with its level and version values checked at load time. */
const podSecurity = podSecurityConfigurationSchema.superRefine((config, ctx) => {
  const defaults = config.defaults ?? {};
  for (const key of LEVEL_KEYS) {
    const value = defaults[key];
    if (value && !parseLevel(value)) ctx.addIssue({ code: 'custom', path: ['defaults', key], message: `Invalid value: ${JSON.stringify(value)}: must be one of privileged, baseline, restricted` });
  }
  for (const key of VERSION_KEYS) {
    const value = defaults[key];
    if (value && parseVersion(value) === undefined) ctx.addIssue({ code: 'custom', path: ['defaults', key], message: `Invalid value: ${JSON.stringify(value)}: must be "latest" or "v1.x"` });
  }
});

export const admissionConfigSchema = z
  .object({
    podSecurity: podSecurity.optional(),
    bindings: z.array(binding).default([]),
  })
  .strict();

export type AdmissionConfig = z.output<typeof admissionConfigSchema>;
export type AdmissionBinding = z.output<typeof binding>;
