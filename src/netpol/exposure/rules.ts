/** The findings of `rampart netpol exposure`: every rule that reads NetworkPolicies and admin network policies. */
export const NETPOL_RULE_IDS = [
  'pod-not-selected-by-network-policy',
  'pod-partially-isolated',
  'namespace-without-default-deny',
  'network-policy-open-to-all-namespaces',
  'network-policy-open-to-internet',
  'network-policy-allows-metadata-egress',
  'network-policy-selects-nothing',
  'network-policy-rule-never-matches',
  'network-policy-invalid',
] as const;
