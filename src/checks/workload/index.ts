import type { Check } from '../api.js';
import agentSandboxRuntimeClass from './agent-sandbox-runtime-class/index.js';
import cpuLimitsMissing from './cpu-limits-missing/index.js';
import cpuRequestsMissing from './cpu-requests-missing/index.js';
import cronjobStartingDeadlineMissing from './cronjob-starting-deadline-missing/index.js';
import dnsConfigOptionMissing from './dns-config-option-missing/index.js';
import duplicateEnvVar from './duplicate-env-var/index.js';
import ephemeralStorageLimitsMissing from './ephemeral-storage-limits-missing/index.js';
import ephemeralStorageRequestsMissing from './ephemeral-storage-requests-missing/index.js';
import jobTtlMissing from './job-ttl-missing/index.js';
import livenessProbeMissing from './liveness-probe-missing/index.js';
import livenessProbeSameAsReadiness from './liveness-probe-same-as-readiness/index.js';
import memoryLimitsMissing from './memory-limits-missing/index.js';
import memoryRequestsMissing from './memory-requests-missing/index.js';
import probePortNotDeclared from './probe-port-not-declared/index.js';
import readinessProbeMissing from './readiness-probe-missing/index.js';
import requestsNotEqualLimits from './requests-not-equal-limits/index.js';
import resourcesOutOfRange from './resources-out-of-range/index.js';

export const workloadChecks: readonly Check[] = [
  cpuRequestsMissing,
  cpuLimitsMissing,
  memoryRequestsMissing,
  memoryLimitsMissing,
  ephemeralStorageRequestsMissing,
  ephemeralStorageLimitsMissing,
  requestsNotEqualLimits,
  resourcesOutOfRange,
  readinessProbeMissing,
  livenessProbeMissing,
  livenessProbeSameAsReadiness,
  probePortNotDeclared,
  duplicateEnvVar,
  cronjobStartingDeadlineMissing,
  jobTtlMissing,
  dnsConfigOptionMissing,
  agentSandboxRuntimeClass,
];
