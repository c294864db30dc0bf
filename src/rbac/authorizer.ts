/*
 * The RBAC authorizer (plugin/pkg/auth/authorizer/rbac/rbac.go, v1.37): walk the rules of every
 * ClusterRoleBinding, then of every RoleBinding in the request's namespace, that names the
 * requester; allow on the first rule that allows the request. RBAC never denies: no matching rule
 * is "no opinion". The system:masters group is allowed before RBAC is asked (the API server's
 * privileged-group authorizer), which `decide` reports separately.
 */
import type { BindingEntry, RbacModel, RoleEntry } from './model.js';
import { type RequestAttributes, ruleAllows } from './matching.js';
import type { PolicyRule } from './rules.js';
import { SYSTEM_MASTERS, type UserInfo } from './subjects.js';

/** One rule reaching a requester: through which binding (and which of its subjects) and role. */
export interface Grant {
  readonly binding: BindingEntry;
  readonly subject: number;
  readonly role: RoleEntry;
  readonly rule: PolicyRule;
}

/** A binding whose role does not exist: VisitRulesFor reports it as an error and goes on. */
export interface ResolutionError {
  readonly binding: BindingEntry;
}

/** VisitRulesFor: every rule that reaches the user in `namespace` ('' = cluster-wide only), until `visit` returns false. */
export function visitRulesFor(
  model: RbacModel,
  user: UserInfo,
  namespace: string,
  visit: (grant: Grant) => boolean,
  onError?: (error: ResolutionError) => void,
): void {
  for (const { binding, subject } of model.bindingsFor(user, namespace)) {
    const role = model.roleOf(binding);
    if (!role) {
      onError?.({ binding });
      continue;
    }
    for (const rule of role.rules) if (!visit({ binding, subject, role, rule })) return;
  }
}

/** RulesFor: every rule that reaches the user in `namespace`, with where it comes from. */
export function rulesFor(model: RbacModel, user: UserInfo, namespace: string): Grant[] {
  const out: Grant[] = [];
  visitRulesFor(model, user, namespace, (grant) => {
    out.push(grant);
    return true;
  });
  return out;
}

export type Decision =
  | { readonly allowed: true; readonly by: 'rbac'; readonly grant: Grant }
  | { readonly allowed: true; readonly by: 'system:masters' }
  | { readonly allowed: false; readonly errors: readonly ResolutionError[] };

/** Authorize: the RBAC decision, and the first rule that allows the request. */
export function authorize(model: RbacModel, user: UserInfo, request: RequestAttributes): Decision {
  let allowedBy: Grant | undefined;
  const errors: ResolutionError[] = [];
  const namespace = request.resourceRequest ? request.namespace : '';
  visitRulesFor(
    model,
    user,
    namespace,
    (grant) => {
      if (!ruleAllows(request, grant.rule)) return true;
      allowedBy = grant;
      return false;
    },
    (error) => errors.push(error),
  );
  return allowedBy ? { allowed: true, by: 'rbac', grant: allowedBy } : { allowed: false, errors };
}

/** What the API server decides with the RBAC authorizer: system:masters first, then RBAC. */
export function decide(model: RbacModel, user: UserInfo, request: RequestAttributes): Decision {
  if (user.groups.includes(SYSTEM_MASTERS)) return { allowed: true, by: 'system:masters' };
  return authorize(model, user, request);
}

/** `ClusterRoleBinding "x" of ClusterRole "y" to User "alice"`: upstream's explanation of a grant. */
export function describeGrantSource(grant: Pick<Grant, 'binding' | 'subject'>): string {
  const b = grant.binding;
  const s = b.subjects[grant.subject];
  const subject = s ? describeSubjectAsUpstream(s.kind, s.name, s.namespace, b.namespace) : 'a subject';
  const ref = b.roleRef ? `${b.roleRef.kind} "${b.roleRef.name}"` : 'no role';
  const name = b.kind === 'RoleBinding' ? `${b.name}/${b.namespace}` : b.name;
  return `${b.kind} "${name}" of ${ref} to ${subject}`;
}

function describeSubjectAsUpstream(kind: string, name: string, namespace: string | undefined, bindingNamespace: string): string {
  if (kind === 'ServiceAccount') return `${kind} "${name}/${namespace ?? bindingNamespace}"`;
  return `${kind} "${name}"`;
}
