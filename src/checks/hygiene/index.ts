import type { Check } from '../api.js';
import defaultNamespace from './default-namespace/index.js';
import missingRequiredLabels from './missing-required-labels/index.js';
import selectorLabelMismatch from './selector-label-mismatch/index.js';
import schemaValidation from './schema-validation/index.js';
import instanceLabelMismatch from './instance-label-mismatch/index.js';
import invalidLabel from './invalid-label/index.js';
import statefulsetServiceName from './statefulset-service-name/index.js';
import nakedPod from './naked-pod/index.js';
import kubeSystemNamespace from './kube-system-namespace/index.js';
import namespaceWithoutResourceLimits from './namespace-without-resource-limits/index.js';
import prometheusMonitorSelectsNothing from './prometheus-monitor-selects-nothing/index.js';
import keysNotSorted from './keys-not-sorted/index.js';
import statefulsetVolumeClaimIncomplete from './statefulset-volume-claim-incomplete/index.js';

export const hygieneChecks: readonly Check[] = [
  selectorLabelMismatch,
  missingRequiredLabels,
  defaultNamespace,
  schemaValidation,
  invalidLabel,
  statefulsetServiceName,
  nakedPod,
  kubeSystemNamespace,
  namespaceWithoutResourceLimits,
  prometheusMonitorSelectsNothing,
  statefulsetVolumeClaimIncomplete,
  keysNotSorted,
  instanceLabelMismatch,
];
