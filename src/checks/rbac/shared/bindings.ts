import type { K8sObject } from '../../../k8s/object.js';
import { type RbacModel, type RoleEntry, type RoleRef, roleRefOf } from '../../../rbac/model.js';
import type { CheckContext } from '../../api.js';
import { modelOf } from './model.js';

/** The binding in `ctx.object`, its roleRef, the namespace it grants in ('' cluster-wide), and its role if it exists. */
export interface BindingView {
  readonly object: K8sObject;
  readonly ref: RoleRef | undefined;
  readonly namespace: string;
  readonly role: RoleEntry | undefined;
  readonly model: RbacModel;
}

export function bindingView<P>(ctx: CheckContext<P>): BindingView {
  const object = ctx.object;
  const model = modelOf(ctx);
  const ref = roleRefOf(object);
  const namespace = object.kind === 'RoleBinding' ? ctx.index.namespaceOf(object) : '';
  const role = ref ? model.roleReferenced(ref, namespace, object) : undefined;
  return { object, ref, namespace, role, model };
}

/** `Role "web"`, `ClusterRole "edit"`. */
export function describeRef(ref: RoleRef): string {
  return `${ref.kind} "${ref.name}"`;
}
