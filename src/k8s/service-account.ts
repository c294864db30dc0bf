import type { Path } from '../core/path.js';
import { asRecord, asString } from './access.js';
import type { PodView } from './workloads.js';

export const DEFAULT_SERVICE_ACCOUNT = 'default';

/** The ServiceAccount a pod runs as, and where the pod names it. */
export interface PodServiceAccount {
  readonly name: string;
  /** Where the name is written, or where `serviceAccountName` belongs when it is unset. */
  readonly path: Path;
  readonly from: 'serviceAccountName' | 'serviceAccount' | 'unset';
}

/**
 * Resolves the pod's ServiceAccount as the API server does: `serviceAccountName`, else the
 * deprecated alias `serviceAccount`, else `default`. Empty strings count as unset.
 */
export function podServiceAccount(pod: PodView): PodServiceAccount {
  const name = asString(pod.spec.serviceAccountName);
  if (name) return { name, path: [...pod.specPath, 'serviceAccountName'], from: 'serviceAccountName' };
  const deprecated = asString(pod.spec.serviceAccount);
  if (deprecated) return { name: deprecated, path: [...pod.specPath, 'serviceAccount'], from: 'serviceAccount' };
  return { name: DEFAULT_SERVICE_ACCOUNT, path: [...pod.specPath, 'serviceAccountName'], from: 'unset' };
}

/**
 * Whether an RBAC binding subject covers the ServiceAccount `namespace/name`: the account itself
 * (a RoleBinding's ServiceAccount subject without a namespace means the binding's namespace), or
 * a group every ServiceAccount of the namespace belongs to.
 */
export function subjectCoversServiceAccount(subject: unknown, bindingNamespace: string, namespace: string, name: string): boolean {
  const record = asRecord(subject);
  const kind = asString(record?.kind);
  const subjectName = asString(record?.name);
  if (kind === 'ServiceAccount') return subjectName === name && (asString(record?.namespace) || bindingNamespace) === namespace;
  if (kind === 'Group') return subjectName === 'system:serviceaccounts' || subjectName === `system:serviceaccounts:${namespace}` || subjectName === 'system:authenticated';
  return false;
}
