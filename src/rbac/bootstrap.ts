/*
 * Kubernetes' bootstrap RBAC policy (data/rbac-bootstrap, upstream's own golden files), read on
 * first use through the same loader as every manifest, so each role and binding has a location.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadSources } from '../inputs/load.js';
import type { K8sObject } from '../k8s/object.js';
import { packageFile } from '../package-files.js';

/** The Kubernetes release the bootstrap policy data comes from. */
export const BOOTSTRAP_VERSION = 'v1.37.2';

const FILES = ['cluster-roles', 'cluster-role-bindings', 'controller-roles', 'controller-role-bindings', 'namespace-roles', 'namespace-role-bindings'];

const DATA_DIR = packageFile('data', 'rbac-bootstrap', 'v1.37');

/** How bootstrap objects are named in output: not a path in the user's tree. */
export const BOOTSTRAP_FILE_PREFIX = `<kubernetes ${BOOTSTRAP_VERSION} bootstrap policy>/`;

let cached: readonly K8sObject[] | undefined;

/** Every bootstrap Role, ClusterRole, RoleBinding and ClusterRoleBinding, in upstream's order. */
export function bootstrapObjects(): readonly K8sObject[] {
  if (cached) return cached;
  const sources = FILES.map((file) => ({ name: `${BOOTSTRAP_FILE_PREFIX}${file}.yaml`, text: readFileSync(path.join(DATA_DIR, `${file}.yaml`), 'utf8') }));
  const loaded = loadSources(sources);
  // The files are upstream's and committed: a problem here is a packaging bug.
  if (loaded.problems.length > 0) throw new Error(`bootstrap RBAC data is broken: ${loaded.problems[0]?.message ?? ''}`);
  cached = loaded.objects;
  return cached;
}

export function isBootstrapFile(file: string): boolean {
  return file.startsWith(BOOTSTRAP_FILE_PREFIX);
}

let roleKeys: ReadonlySet<string> | undefined;

/** Whether the bootstrap policy defines this role (`namespace` '' for a ClusterRole). */
export function isBootstrapRole(kind: 'Role' | 'ClusterRole', namespace: string, name: string): boolean {
  roleKeys ??= new Set(
    bootstrapObjects()
      .filter((o) => o.kind === 'Role' || o.kind === 'ClusterRole')
      .map((o) => `${o.kind}\u0000${o.kind === 'Role' ? (o.namespace ?? '') : ''}\u0000${o.name}`),
  );
  return roleKeys.has(`${kind}\u0000${namespace}\u0000${name}`);
}
