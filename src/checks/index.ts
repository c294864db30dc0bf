import { availabilityChecks } from './availability/index.js';
import { controlPlaneChecks } from './control-plane/index.js';
import { deprecationChecks } from './deprecation/index.js';
import { hygieneChecks } from './hygiene/index.js';
import { networkChecks } from './network/index.js';
import { podSecurityChecks } from './pod-security/index.js';
import { rbacChecks } from './rbac/index.js';
import { CheckRegistry } from './registry.js';
import { secretsChecks } from './secrets/index.js';
import { supplyChainChecks } from './supply-chain/index.js';
import { workloadChecks } from './workload/index.js';

/** Every manifest check, by family. Each family lists its checks in its own index.ts. */
export const CHECKS = new CheckRegistry([
  ...podSecurityChecks,
  ...workloadChecks,
  ...supplyChainChecks,
  ...secretsChecks,
  ...networkChecks,
  ...rbacChecks,
  ...availabilityChecks,
  ...hygieneChecks,
  ...deprecationChecks,
  ...controlPlaneChecks,
]);
