import { k8sDocs, nsa } from '../../../core/references.js';

export const NSA_AUTHZ = nsa('Authentication and authorization');

const GOOD_PRACTICES = 'https://kubernetes.io/docs/concepts/security/rbac-good-practices/';

/** A section of the Kubernetes "Role Based Access Control Good Practices" page. */
export function rbacGoodPractices(section: string, anchor: string) {
  return k8sDocs(`RBAC good practices: ${section}`, `${GOOD_PRACTICES}#${anchor}`);
}
