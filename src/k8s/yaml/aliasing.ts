/*
 * A few lines of nested aliases expand to billions of nodes. js-yaml shares an aliased collection
 * instead of copying it, so loading stays cheap, but every check that walks the value walks the
 * expansion. Kubernetes refuses such documents: go-yaml v2 (behind sigs.k8s.io/yaml) counts the
 * nodes it decodes, and those decoded through an alias, and fails with "document contains
 * excessive aliasing" once the share of the latter is too large for the document's size. The
 * same limit is applied here, to the loaded value, counting nodes as go-yaml does: the document,
 * every node, every mapping key, and for an alias one node plus the whole aliased subtree, all of
 * it alias-driven.
 *
 * The loaded value shows collections reached again (the same object) but not aliased scalars,
 * which count as plain nodes (one node less than go-yaml, and one alias-driven less): they cannot
 * expand a document. A merge key is walked before merge-keys.ts applies it, as a key (one node
 * more than go-yaml, which does not decode the key) holding the alias it merges. Mappings
 * are walked in their keys' order, which is the document's except for integer keys, which
 * JavaScript puts first.
 */

const RATIO_RANGE_LOW = 400_000;
const RATIO_RANGE_HIGH = 4_000_000;

/** go-yaml v2's allowedAliasRatio: 99% up to 400,000 decoded nodes, 10% from 4,000,000, linear between. */
export function allowedAliasRatio(decodes: number): number {
  if (decodes <= RATIO_RANGE_LOW) return 0.99;
  if (decodes >= RATIO_RANGE_HIGH) return 0.1;
  return 0.99 - 0.89 * ((decodes - RATIO_RANGE_LOW) / (RATIO_RANGE_HIGH - RATIO_RANGE_LOW));
}

export const EXCESSIVE_ALIASING = 'document contains excessive aliasing';
export const ALIAS_CYCLE = 'document contains an anchor whose value contains an alias of itself';

/** Size of a collection whose walk has begun and not ended: reaching it again is a cycle. */
const WALKING = -1;

interface Frame {
  readonly node: object;
  readonly children: readonly unknown[];
  /** Whether the children are a mapping's values, each after its key. */
  readonly keyed: boolean;
  next: number;
  /** Nodes decoded for this collection so far, itself included. */
  size: number;
}

/**
 * Why Kubernetes would refuse a document with aliases (one of the messages above), or undefined.
 * Linear in the distinct nodes of the value: the size of each collection is kept once walked.
 */
export function aliasingError(root: unknown): string | undefined {
  const sizes = new Map<object, number>();
  const stack: Frame[] = [];
  let decodes = 1; // the document node
  let aliased = 0;
  // go-yaml checks after every node. Within an alias, where every node is alias-driven, the ratio
  // only grows and the allowed ratio never does: checking once at its end finds the same documents.
  const exceeded = () => aliased > 100 && decodes > 1000 && aliased / decodes > allowedAliasRatio(decodes);

  let value = root;
  for (;;) {
    decodes++;
    let size: number | undefined = 1;
    if (typeof value === 'object' && value !== null) {
      const known = sizes.get(value);
      if (known === WALKING) return exceeded() ? EXCESSIVE_ALIASING : ALIAS_CYCLE;
      if (known === undefined) {
        sizes.set(value, WALKING);
        const keyed = !Array.isArray(value);
        stack.push({ node: value, children: keyed ? Object.values(value) : (value as unknown[]), keyed, next: 0, size: 1 });
        size = undefined;
      } else {
        decodes += known;
        aliased += known;
        size = 1 + known;
      }
    }
    if (exceeded()) return EXCESSIVE_ALIASING;

    let top = stack.at(-1);
    if (top === undefined) return undefined;
    if (size !== undefined) top.size += size;
    while (top.next === top.children.length) {
      stack.pop();
      sizes.set(top.node, top.size);
      const parent = stack.at(-1);
      if (parent === undefined) return undefined;
      parent.size += top.size;
      top = parent;
    }
    if (top.keyed) {
      decodes++;
      top.size++;
      if (exceeded()) return EXCESSIVE_ALIASING;
    }
    value = top.children[top.next++];
  }
}
