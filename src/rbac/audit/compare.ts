/*
 * Granted but never used: the requester's current rules (RulesFor in every namespace), broken
 * down to one verb, group, resource and name each, and which of those pieces no request of the
 * log needed. A piece is used when it allows a request in a namespace where its binding applies.
 */
import { canList, type ScopedGrant } from '../can.js';
import { breakdownRule } from '../covers.js';
import { type RequestAttributes, ruleAllows } from '../matching.js';
import type { RbacModel } from '../model.js';
import type { PlainRule } from '../rules.js';
import type { UserInfo } from '../subjects.js';

export interface RuleUsage {
  readonly grant: ScopedGrant;
  /** Requests of the log the rule allows. */
  readonly used: number;
  /** The broken-down pieces of the rule no request used. */
  readonly unused: readonly PlainRule[];
}

export interface Comparison {
  readonly rules: readonly RuleUsage[];
  readonly bypassesRbac: boolean;
}

const applies = (grant: ScopedGrant, request: RequestAttributes) =>
  grant.namespace === '' || (request.resourceRequest && request.namespace === grant.namespace);

export function compareUsage(model: RbacModel, user: UserInfo, requests: readonly RequestAttributes[]): Comparison {
  const answer = canList(model, user, { all: true });
  const rules = answer.grants.map((grant) => {
    const relevant = requests.filter((r) => applies(grant, r));
    const used = relevant.filter((r) => ruleAllows(r, grant.rule)).length;
    const unused = breakdownRule(grant.rule).filter((piece) => !relevant.some((r) => ruleAllows(r, piece)));
    return { grant, used, unused };
  });
  return { rules, bypassesRbac: answer.bypassesRbac };
}
