/*
 * One RbacModel per scan: checks run object by object, and those that relate RBAC objects ask
 * for the model of the whole input here.
 */
import type { ObjectIndex } from '../k8s/object-index.js';
import { RbacModel } from './model.js';

const models = new WeakMap<ObjectIndex, Map<boolean, RbacModel>>();

/** The model of every object of the scan, with the bootstrap policy unless `defaults` is false. */
export function rbacModelOf(index: ObjectIndex, defaults: boolean): RbacModel {
  let byDefaults = models.get(index);
  if (!byDefaults) models.set(index, (byDefaults = new Map()));
  let model = byDefaults.get(defaults);
  if (!model) byDefaults.set(defaults, (model = new RbacModel(index.objects, { defaults })));
  return model;
}
