import { objectLabel } from '../../../core/finding.js';
import type { Path } from '../../../core/path.js';
import type { Problem } from '../../../core/result.js';
import type { JsonRecord } from '../../../k8s/access.js';
import type { K8sObject } from '../../../k8s/object.js';
import { kubernetesSchema } from './schema-data.js';
import { SchemaValidator } from './validate.js';

const validator = new SchemaValidator();

/**
 * Why the API server would refuse to decode or validate the object (a field of the wrong type, a
 * required field missing), as `schema-validation` reports it; undefined when it would not, and for
 * kinds the schema does not hold (custom resources). The first reason is enough: such an object
 * never exists in a cluster, so analyses that reason about a cluster leave it out.
 */
export function apiServerRejection(object: K8sObject): { readonly path: Path; readonly message: string } | undefined {
  const definition = kubernetesSchema().kinds.get(object.apiVersion)?.get(object.kind);
  if (!definition) return undefined;
  let found: { path: Path; message: string } | undefined;
  validator.validate(object.body, definition, (issue) => {
    if (issue.rejects && !found) found = { path: issue.path, message: issue.message };
  });
  return found;
}

/**
 * The objects the API server would accept; each one it refuses (apiServerRejection) is left out, as
 * an input error naming its field added to `problems`. Such an object never exists in a cluster, so
 * the commands that reason about one (netpol, rbac, pss check, admission test) leave it out.
 */
export function withoutRejectedObjects(objects: readonly K8sObject[], problems: Problem[]): K8sObject[] {
  return objects.filter((object) => {
    const rejection = apiServerRejection(object);
    if (!rejection) return true;
    const at = object.locate(rejection.path);
    problems.push({
      code: 'rejected-object',
      message: `${objectLabel(object.ref)}: ${rejection.message}, so it is left out`,
      location: { file: object.source.file, line: at.line, column: at.column },
    });
    return false;
  });
}

/**
 * Why the API server's decoder refuses `body` as `kind` of `apiVersion` (a field of the wrong JSON
 * type, a quantity that does not parse), before any validation: what a webhook that decodes the
 * object it is sent, as pod-security-admission does, answers "failed to decode". Undefined when it
 * decodes, and for kinds the schema does not hold.
 */
export function decodeFailure(body: JsonRecord, apiVersion: string, kind: string): { readonly path: Path; readonly message: string } | undefined {
  const definition = kubernetesSchema().kinds.get(apiVersion)?.get(kind);
  if (!definition) return undefined;
  let found: { path: Path; message: string } | undefined;
  validator.validate(body, definition, (issue) => {
    if (issue.undecodable && !found) found = { path: issue.path, message: issue.message };
  });
  return found;
}
