import type { Check } from '../api.js';
import deprecatedImageRegistry from './deprecated-image-registry/index.js';
import gatekeeperAllowedReposOpenPrefix from './gatekeeper-allowed-repos-open-prefix/index.js';
import imageNotPinnedByDigest from './image-not-pinned-by-digest/index.js';
import gitSyncGitCommand from './git-sync-git-command/index.js';
import imagePullPolicyNotAlways from './image-pull-policy-not-always/index.js';
import imageTagLatest from './image-tag-latest/index.js';
import kubernetesDashboardDeployed from './kubernetes-dashboard-deployed/index.js';
import tillerDeployed from './tiller-deployed/index.js';
import untrustedRegistry from './untrusted-registry/index.js';

export const supplyChainChecks: readonly Check[] = [imageTagLatest, imageNotPinnedByDigest, imagePullPolicyNotAlways, untrustedRegistry, tillerDeployed, kubernetesDashboardDeployed, deprecatedImageRegistry, gatekeeperAllowedReposOpenPrefix, gitSyncGitCommand];
