import { rbacModelOf } from '../../../rbac/for-index.js';
import { type BindingEntry, nearestCopies, type RbacModel, type RoleEntry } from '../../../rbac/model.js';
import { describePrincipal, principalOf } from '../../../rbac/subjects.js';
import type { CheckContext } from '../../api.js';

/** The RBAC model of the scan's input (with the bootstrap policy unless turned off). */
export function modelOf<P>(ctx: CheckContext<P>): RbacModel {
  return rbacModelOf(ctx.index, ctx.settings.rbacDefaults ?? true);
}

/** `RoleBinding shop/web`, `ClusterRoleBinding prometheus-k8s`. */
export function describeBinding(binding: Pick<BindingEntry, 'kind' | 'name' | 'namespace'>): string {
  return `${binding.kind} ${binding.namespace ? `${binding.namespace}/` : ''}${binding.name}`;
}

/** `RoleBinding shop/web (ServiceAccount shop/web, User alice)`. */
export function describeBindingWithSubjects(binding: BindingEntry, limit = 2): string {
  const subjects = binding.subjects.flatMap((s) => {
    const p = principalOf(s, binding.namespace);
    return p ? [describePrincipal(p)] : [];
  });
  const shown = subjects.slice(0, limit).join(', ');
  const more = subjects.length > limit ? ` and ${subjects.length - limit} more` : '';
  return `${describeBinding(binding)} (${subjects.length === 0 ? 'no subjects' : `${shown}${more}`})`;
}

/**
 * Who holds a role, for a finding's message: `; aggregated into ClusterRole edit; bound by
 * ClusterRoleBinding x (User alice)`. Empty when nothing in the input binds it.
 */
export function holdersNote(model: RbacModel, role: RoleEntry): string {
  let byRole = notes.get(model);
  if (!byRole) notes.set(model, (byRole = new Map()));
  let note = byRole.get(role);
  if (note === undefined) byRole.set(role, (note = computeHoldersNote(model, role)));
  return note;
}

const notes = new WeakMap<RbacModel, Map<RoleEntry, string>>();

function computeHoldersNote(model: RbacModel, role: RoleEntry): string {
  const aggregated = model.aggregatedInto(role);
  const bindings = nearestCopies(
    [role, ...aggregated].flatMap((r) => model.bindingsTo(r)),
    role.object,
  );
  const parts: string[] = [];
  if (aggregated.length > 0) parts.push(`aggregated into ClusterRole ${aggregated.map((r) => r.name).join(', ')}`);
  if (bindings.length > 0) {
    const shown = bindings.slice(0, 2).map((b) => describeBindingWithSubjects(b)).join(', ');
    const more = bindings.length > 2 ? ` and ${bindings.length - 2} more bindings` : '';
    parts.push(`bound by ${shown}${more}`);
  }
  return parts.length > 0 ? `; ${parts.join('; ')}` : '';
}
