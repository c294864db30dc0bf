/*
 * `rampart rbac paths` output: text for people, JSON for scripts, Graphviz DOT and Mermaid for
 * pictures of the union of the paths.
 */
import { describeGrantPath, grantJson, locationOf, principalJson, ruleLabel, ruleLocation, shortLocation } from '../describe.js';
import { describePrincipal } from '../subjects.js';
import type { GraphNode } from './graph.js';
import type { EscalationPath, PathsAnswer, Step } from './paths.js';
import type { HeldRule } from './techniques.js';

export const PATH_FORMATS = ['table', 'text', 'json', 'dot', 'mermaid'] as const;
export type PathFormat = (typeof PATH_FORMATS)[number];

export function describeNode(n: GraphNode): string {
  if (n.principal) return describePrincipal(n.principal);
  switch (n.kind) {
    case 'cluster-admin':
      return 'cluster-admin';
    case 'role': {
      const role = n.role;
      const name = role ? `${role.kind} ${role.namespace ? `${role.namespace}/` : ''}${role.name}` : 'a role';
      const scope = n.namespace === '*' ? 'in every namespace' : n.namespace ? `in namespace ${n.namespace}` : 'cluster-wide';
      return `holder of ${name} ${scope}`;
    }
    case 'namespace':
      return n.namespace === '*' ? 'any ServiceAccount of any namespace' : `any ServiceAccount of namespace ${n.namespace ?? ''}`;
    default:
      return n.namespace === '*' ? 'the pods of every namespace' : `the pods of namespace ${n.namespace ?? ''}`;
  }
}

function nodeJson(n: GraphNode) {
  if (n.principal) return principalJson(n.principal);
  if (n.kind === 'role' && n.role) return { kind: 'RoleHolder', roleKind: n.role.kind, role: n.role.name, ...(n.role.namespace ? { roleNamespace: n.role.namespace } : {}), namespace: n.namespace ?? '' };
  return { kind: n.kind, ...(n.namespace !== undefined ? { namespace: n.namespace } : {}) };
}

function heldJson(h: HeldRule) {
  if (h.binding) return grantJson(h.binding, h.role, h.rule);
  const at = ruleLocation(h.rule, h.role.object);
  return { role: h.role.name, roleKind: h.role.kind, rule: { index: h.rule.index, file: at.file, line: at.line } };
}

function describeHeld(h: HeldRule): string {
  const at = shortLocation(ruleLocation(h.rule, h.role.object));
  const source = h.binding ? describeGrantPath(h.binding, h.role) : `${h.role.kind} ${h.role.name}`;
  return `${source}, ${ruleLabel(h.rule, h.role)} (${at})`;
}

function workloadsOf(step: Step): string[] {
  return (step.how?.workloads ?? []).map((w) => `${w.kind} ${w.namespace ? `${w.namespace}/` : ''}${w.name}`);
}

export function pathsJson(answer: PathsAnswer): string {
  const json = {
    target: answer.target ? nodeJson(answer.target) : null,
    paths: answer.paths.map((p) => ({
      from: nodeJson(p.from),
      length: p.steps.length,
      steps: p.steps.map((s) => ({
        technique: s.technique,
        action: s.action,
        to: nodeJson(s.to),
        ...(s.how ? { through: s.how.action } : {}),
        ...(s.how?.workloads ? { workloads: s.how.workloads.map((w) => ({ kind: w.kind, ...(w.namespace ? { namespace: w.namespace } : {}), name: w.name, ...locationOf(w) })) } : {}),
        grants: s.evidence.map(heldJson),
      })),
    })),
  };
  return `${JSON.stringify(json, null, 2)}\n`;
}

function pathText(p: EscalationPath): string[] {
  const last = p.steps[p.steps.length - 1];
  const lines = [`${describeNode(p.from)} → ${last ? describeNode(last.to) : '?'} in ${p.steps.length} step${p.steps.length === 1 ? '' : 's'}`];
  p.steps.forEach((s, i) => {
    lines.push(`  ${i + 1}. ${s.action}`);
    for (const h of s.evidence.slice(0, 2)) lines.push(`       via ${describeHeld(h)}`);
    if (s.evidence.length > 2) lines.push(`       and ${s.evidence.length - 2} more rules`);
    const workloads = workloadsOf(s);
    const how = s.how ? `: ${s.how.action}${workloads.length > 0 ? ` (${workloads.slice(0, 3).join(', ')}${workloads.length > 3 ? `, and ${workloads.length - 3} more` : ''})` : ''}` : '';
    lines.push(`     → ${describeNode(s.to)}${how}`);
  });
  return lines;
}

export function pathsText(answer: PathsAnswer, target: string): string {
  if (!answer.target) return `Nothing in the input or the bootstrap policy is ${target}.\n`;
  const lines = [`Escalation paths to ${describeNode(answer.target)}:`, ''];
  for (const p of answer.paths) lines.push(...pathText(p), '');
  const n = answer.paths.length;
  lines.push(n === 0 ? `No identity can reach ${describeNode(answer.target)}.` : `${n} identit${n === 1 ? 'y' : 'ies'} can reach ${describeNode(answer.target)}.`);
  return `${lines.join('\n')}\n`;
}

interface DrawnEdge {
  readonly from: GraphNode;
  readonly to: GraphNode;
  readonly label: string;
}

function drawnEdges(answer: PathsAnswer): { nodes: GraphNode[]; edges: DrawnEdge[] } {
  const nodes = new Map<string, GraphNode>();
  const edges = new Map<string, DrawnEdge>();
  for (const p of answer.paths) {
    for (const s of p.steps) {
      nodes.set(s.from.key, s.from);
      nodes.set(s.to.key, s.to);
      const key = `${s.from.key}\u0001${s.to.key}\u0001${s.technique}`;
      if (!edges.has(key)) edges.set(key, { from: s.from, to: s.to, label: s.action });
    }
  }
  return { nodes: [...nodes.values()], edges: [...edges.values()] };
}

const dotString = (s: string) => `"${s.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`;

export function pathsDot(answer: PathsAnswer): string {
  const { nodes, edges } = drawnEdges(answer);
  const ids = new Map(nodes.map((n, i) => [n.key, `n${i}`]));
  const lines = ['digraph escalation {', '  rankdir=LR;', '  node [shape=box, fontname="Helvetica"];', '  edge [fontname="Helvetica", fontsize=10];'];
  for (const n of nodes) {
    const style = n.kind === 'cluster-admin' || n.key === answer.target?.key ? ', style=filled, fillcolor="#f4cccc", shape=doubleoctagon' : '';
    lines.push(`  ${ids.get(n.key) ?? 'n'} [label=${dotString(describeNode(n))}${style}];`);
  }
  for (const e of edges) lines.push(`  ${ids.get(e.from.key) ?? 'n'} -> ${ids.get(e.to.key) ?? 'n'} [label=${dotString(e.label)}];`);
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

/** Mermaid labels: quotes and characters Mermaid parses are written as entity codes. */
const mermaidText = (s: string) => s.replace(/["#<>|]/g, (c) => `#${c.charCodeAt(0)};`);

export function pathsMermaid(answer: PathsAnswer): string {
  const { nodes, edges } = drawnEdges(answer);
  const ids = new Map(nodes.map((n, i) => [n.key, `n${i}`]));
  const lines = ['flowchart LR'];
  for (const n of nodes) {
    const id = ids.get(n.key) ?? 'n';
    lines.push(n.kind === 'cluster-admin' || n.key === answer.target?.key ? `  ${id}{{"${mermaidText(describeNode(n))}"}}` : `  ${id}["${mermaidText(describeNode(n))}"]`);
  }
  for (const e of edges) lines.push(`  ${ids.get(e.from.key) ?? 'n'} -->|"${mermaidText(e.label)}"| ${ids.get(e.to.key) ?? 'n'}`);
  return `${lines.join('\n')}\n`;
}
