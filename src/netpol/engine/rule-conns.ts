import { ConnSet } from '../ports/conn-set.js';
import type { PortSpec, Rule } from '../policy/types.js';
import type { ContainerPort } from '../model/workloads.js';

/** Named ports of the destination pod: name → its declared port. */
export type NamedPorts = ReadonlyMap<string, ContainerPort>;

export const NO_NAMED_PORTS: NamedPorts = new Map();

export function namedPortsOf(ports: readonly ContainerPort[]): NamedPorts {
  const out = new Map<string, ContainerPort>();
  // Port names are unique in a valid pod; the first one wins otherwise.
  for (const p of ports) if (p.name !== undefined && !out.has(p.name)) out.set(p.name, p);
  return out;
}

export function namedPortsKey(named: NamedPorts): string {
  return [...named.values()]
    .map((p) => `${p.name ?? ''}/${p.protocol}/${p.port}`)
    .sort()
    .join(',');
}

export function usesNamedPorts(rule: Rule): boolean {
  return rule.ports !== 'all' && rule.ports.some((p) => p.kind === 'named');
}

/**
 * The connections a rule's ports cover towards a destination with these named ports. A
 * NetworkPolicy named port matches the destination port of that name and protocol; an admin
 * policy named port matches it whatever its protocol. Unmatched names contribute nothing.
 */
export function ruleConns(rule: Rule, named: NamedPorts): ConnSet {
  if (rule.ports === 'all') return ConnSet.ALL;
  let set = ConnSet.NONE;
  for (const spec of rule.ports) {
    if (spec.kind === 'numbers') {
      set = set.union(ConnSet.of({ [spec.protocol]: spec.ports }));
      continue;
    }
    const port = named.get(spec.name);
    if (!port || (spec.protocol !== 'any' && spec.protocol !== port.protocol)) continue;
    set = set.union(ConnSet.of({ [port.protocol]: [port.port, port.port] }));
  }
  return set;
}

/** A named port of a rule: its name and protocol (`any` for an admin policy's, which match any protocol). */
export type NamedPortSpec = Extract<PortSpec, { readonly kind: 'named' }>;

/** The named ports of a rule that the destination does not declare (with that protocol). */
export function unmatchedNamedPorts(rule: Rule, named: NamedPorts): NamedPortSpec[] {
  if (rule.ports === 'all') return [];
  const out: NamedPortSpec[] = [];
  for (const spec of rule.ports) {
    if (spec.kind !== 'named') continue;
    const port = named.get(spec.name);
    if (!port || (spec.protocol !== 'any' && spec.protocol !== port.protocol)) out.push(spec);
  }
  return out;
}
