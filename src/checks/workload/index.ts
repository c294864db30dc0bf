import type { Check } from '../api.js';
import cpuLimitsMissing from './cpu-limits-missing/index.js';
import cpuRequestsMissing from './cpu-requests-missing/index.js';
import duplicateEnvVar from './duplicate-env-var/index.js';
import livenessProbeMissing from './liveness-probe-missing/index.js';
import memoryLimitsMissing from './memory-limits-missing/index.js';
import memoryRequestsMissing from './memory-requests-missing/index.js';
import readinessProbeMissing from './readiness-probe-missing/index.js';

export const workloadChecks: readonly Check[] = [
  cpuRequestsMissing,
  cpuLimitsMissing,
  memoryRequestsMissing,
  memoryLimitsMissing,
  readinessProbeMissing,
  livenessProbeMissing,
  duplicateEnvVar,
];
