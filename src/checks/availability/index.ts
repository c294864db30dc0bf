import type { Check } from '../api.js';
import deploymentStrategyNotRolling from './deployment-strategy-not-rolling/index.js';
import hpaFixedReplicas from './hpa-fixed-replicas/index.js';
import hpaMinReplicasTooLow from './hpa-min-replicas-too-low/index.js';
import hpaTargetMissing from './hpa-target-missing/index.js';
import hpaTargetSetsReplicas from './hpa-target-sets-replicas/index.js';
import invalidRestartPolicy from './invalid-restart-policy/index.js';
import missingNodeAffinity from './missing-node-affinity/index.js';
import missingPodAntiAffinity from './missing-pod-anti-affinity/index.js';
import missingPodDisruptionBudget from './missing-pod-disruption-budget/index.js';
import missingPriorityClass from './missing-priority-class/index.js';
import missingTopologySpread from './missing-topology-spread/index.js';
import pdbBlocksEviction from './pdb-blocks-eviction/index.js';
import pdbMissingBudget from './pdb-missing-budget/index.js';
import pdbUnhealthyEvictionPolicyUnset from './pdb-unhealthy-eviction-policy-unset/index.js';
import tooFewReplicas from './too-few-replicas/index.js';
import updateStrategyOnDelete from './update-strategy-on-delete/index.js';

export const availabilityChecks: readonly Check[] = [
  tooFewReplicas,
  missingPodDisruptionBudget,
  pdbBlocksEviction,
  pdbMissingBudget,
  pdbUnhealthyEvictionPolicyUnset,
  missingPodAntiAffinity,
  missingTopologySpread,
  missingNodeAffinity,
  missingPriorityClass,
  deploymentStrategyNotRolling,
  updateStrategyOnDelete,
  hpaMinReplicasTooLow,
  hpaTargetMissing,
  hpaFixedReplicas,
  hpaTargetSetsReplicas,
  invalidRestartPolicy,
];
