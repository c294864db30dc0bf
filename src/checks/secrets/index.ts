import type { Check } from '../api.js';
import automountServiceAccountToken from './automount-service-account-token/index.js';
import defaultServiceAccount from './default-service-account/index.js';
import defaultServiceAccountAutomount from './default-service-account-automount/index.js';
import deprecatedServiceAccountField from './deprecated-service-account-field/index.js';
import envSourceMissing from './env-source-missing/index.js';
import hardcodedSecretInEnv from './hardcoded-secret-in-env/index.js';
import kubeadmBootstrapToken from './kubeadm-bootstrap-token/index.js';
import missingServiceAccount from './missing-service-account/index.js';
import secretInEnvVar from './secret-in-env-var/index.js';
import sensitiveDataInConfigmap from './sensitive-data-in-configmap/index.js';
import storageClassUnencrypted from './storage-class-unencrypted/index.js';

export const secretsChecks: readonly Check[] = [
  secretInEnvVar,
  hardcodedSecretInEnv,
  sensitiveDataInConfigmap,
  automountServiceAccountToken,
  defaultServiceAccount,
  defaultServiceAccountAutomount,
  deprecatedServiceAccountField,
  missingServiceAccount,
  envSourceMissing,
  kubeadmBootstrapToken,
  storageClassUnencrypted,
];
