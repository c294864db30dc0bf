import type { Check } from '../api.js';
import deprecatedApiVersion from './deprecated-api-version/index.js';
import podSecurityPolicy from './pod-security-policy/index.js';

export const deprecationChecks: readonly Check[] = [deprecatedApiVersion, podSecurityPolicy];
