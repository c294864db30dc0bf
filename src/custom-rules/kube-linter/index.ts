import { accessToResources } from './access-to-resources.js';
import { antiAffinity } from './anti-affinity.js';
import { disallowedApiObj } from './disallowed-api-obj.js';
import { hostMounts } from './host-mounts.js';
import type { PortedTemplate } from './template.js';
import { updateConfiguration } from './update-configuration.js';

export type { Diagnostic, Lint, PortedTemplate } from './template.js';

/**
 * kube-linter templates run as kube-linter's Go code runs them, for checks no JSON Schema says
 * exactly (a pattern on a part of apiVersion, a volume and the containers that mount it, a binding
 * and the roles it names, bounds that compare numbers and percentages apart, anti-affinity terms
 * judged against the template's own namespace and labels). The other templates
 * become schemas or CEL (config import).
 */
export const PORTED_TEMPLATES: Readonly<Record<string, PortedTemplate>> = {
  'access-to-resources': accessToResources,
  'anti-affinity': antiAffinity,
  'disallowed-api-obj': disallowedApiObj,
  'host-mounts': hostMounts,
  'update-configuration': updateConfiguration,
};
