import type { Check } from '../api.js';
import argocdCve202224348 from './argocd-cve-2022-24348/index.js';
import deprecatedImageRegistry from './deprecated-image-registry/index.js';
import gatekeeperAllowedReposOpenPrefix from './gatekeeper-allowed-repos-open-prefix/index.js';
import imageNotPinnedByDigest from './image-not-pinned-by-digest/index.js';
import gitSyncGitCommand from './git-sync-git-command/index.js';
import grafanaCve202239328 from './grafana-cve-2022-39328/index.js';
import imagePullPolicyNotAlways from './image-pull-policy-not-always/index.js';
import imageTagLatest from './image-tag-latest/index.js';
import ingressNginxCve202125742 from './ingress-nginx-cve-2021-25742/index.js';
import ingressNginxCve20251974 from './ingress-nginx-cve-2025-1974/index.js';
import kubernetesDashboardDeployed from './kubernetes-dashboard-deployed/index.js';
import kyvernoCve202247633 from './kyverno-cve-2022-47633/index.js';
import mongodbCve202514847 from './mongodb-cve-2025-14847/index.js';
import tillerDeployed from './tiller-deployed/index.js';
import untrustedRegistry from './untrusted-registry/index.js';

export const supplyChainChecks: readonly Check[] = [imageTagLatest, imageNotPinnedByDigest, imagePullPolicyNotAlways, untrustedRegistry, tillerDeployed, kubernetesDashboardDeployed, deprecatedImageRegistry, gatekeeperAllowedReposOpenPrefix, gitSyncGitCommand, ingressNginxCve202125742, argocdCve202224348, grafanaCve202239328, kyvernoCve202247633, ingressNginxCve20251974, mongodbCve202514847];
