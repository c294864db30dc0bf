import { isDeepStrictEqual } from 'node:util';
import { decodePointerToken } from '../../core/json-pointer.js';
import { setOwnField } from '../../k8s/access.js';

/*
 * RFC 6902 JSON patches as kubeadm applies them, with gopkg.in/evanphx/json-patch.v4. Hand-written
 * because that library is more lenient than the RFC and than the JavaScript implementations, and
 * what kubeadm runs is what counts: `replace` of a missing object key adds it, negative array
 * indices count from the end, a `test` of a missing key against null passes, array indices are read
 * with Go's Atoi (`+1`, `01`). Documents are plain JSON values, changed in place.
 */

/** Where an operation's path leads: the object or array that holds its last token, and that token. */
interface Slot {
  readonly container: Record<string, unknown> | unknown[];
  readonly key: string;
}

export class JsonPatchError extends Error {}

/** Applies `operations` to `root` and returns the new root (a `replace` of "" swaps it); throws JsonPatchError where kubeadm fails. */
export function applyJsonPatch(root: unknown, operations: readonly unknown[], hooks: PatchHooks = {}): unknown {
  let doc = root;
  for (const raw of operations) {
    if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new JsonPatchError('an operation is not an object');
    const op = raw as Record<string, unknown>;
    const kind = typeof op.op === 'string' ? op.op : 'unknown';
    const path = pointer(op, 'path');
    if (hooks.skip?.(doc, kind, path, typeof op.from === 'string' ? op.from : undefined)) continue;
    switch (kind) {
      case 'add':
        add(slot(doc, path), clone(op.value, hooks));
        break;
      case 'remove':
        remove(slot(doc, path));
        break;
      case 'replace':
        if (path === '') {
          if (typeof op.value !== 'object' || op.value === null) throw new JsonPatchError('replace operation value must be object or array');
          doc = clone(op.value, hooks);
        } else {
          const target = slot(doc, path);
          get(target);
          set(target, clone(op.value, hooks));
        }
        break;
      case 'move': {
        const from = slot(doc, pointer(op, 'from'));
        const value = get(from);
        remove(from);
        add(slot(doc, path), value);
        break;
      }
      case 'copy': {
        const value = get(slot(doc, pointer(op, 'from')));
        add(slot(doc, path), clone(value, hooks));
        break;
      }
      case 'test': {
        const value = path === '' ? doc : get(slot(doc, path));
        const expected = op.value ?? undefined;
        if (value === undefined ? expected !== undefined : !isDeepStrictEqual(value, expected)) throw new JsonPatchError(`testing value ${path} failed`);
        break;
      }
      default:
        throw new JsonPatchError(`unexpected kind: ${kind}`);
    }
  }
  return doc;
}

/** What a caller can change: operations it leaves out, and how a copied value is cloned. */
export interface PatchHooks {
  readonly skip?: (doc: unknown, kind: string, path: string, from: string | undefined) => boolean;
  readonly clone?: (value: unknown) => unknown;
}

function pointer(op: Record<string, unknown>, field: 'path' | 'from'): string {
  const value = op[field];
  if (typeof value !== 'string') throw new JsonPatchError(`operation missing ${field} field`);
  return value;
}

function clone(value: unknown, hooks: PatchHooks): unknown {
  return hooks.clone ? hooks.clone(value) : structuredClone(value);
}

/** findObject: every token but the last must lead to an object or array that is there. */
function slot(root: unknown, path: string): Slot {
  const tokens = path.split('/');
  if (tokens.length < 2) throw new JsonPatchError(`doc is missing path: "${path}"`);
  let current: unknown = root;
  for (const token of tokens.slice(1, -1)) {
    if (!isContainer(current)) throw new JsonPatchError(`doc is missing path: "${path}"`);
    let next: unknown;
    try {
      next = get({ container: current, key: decodePointerToken(token) });
    } catch {
      throw new JsonPatchError(`doc is missing path: "${path}"`);
    }
    if (!isContainer(next)) throw new JsonPatchError(`doc is missing path: "${path}"`);
    current = next;
  }
  if (!isContainer(current)) throw new JsonPatchError(`doc is missing path: "${path}"`);
  return { container: current, key: decodePointerToken(tokens.at(-1)!) };
}

function isContainer(value: unknown): value is Record<string, unknown> | unknown[] {
  return typeof value === 'object' && value !== null;
}

/** Go's strconv.Atoi. */
function atoi(key: string): number {
  if (!/^[+-]?\d+$/.test(key)) throw new JsonPatchError(`not a proper array index: '${key}'`);
  const n = Number(key);
  if (!Number.isSafeInteger(n)) throw new JsonPatchError(`not a proper array index: '${key}'`);
  return n;
}

/** An index that may count from the end (-1 is the last). */
function fromEnd(index: number, length: number): number {
  if (index < -length) throw new JsonPatchError(`invalid index: ${index}`);
  return index < 0 ? index + length : index;
}

/** The value at a slot: undefined for a missing object key; an error for an array index out of range. */
function get({ container, key }: Slot): unknown {
  if (!Array.isArray(container)) return Object.hasOwn(container, key) ? container[key] : undefined;
  const index = fromEnd(atoi(key), container.length);
  if (index >= container.length) throw new JsonPatchError(`invalid index: ${index}`);
  return container[index];
}

function add({ container, key }: Slot, value: unknown): void {
  if (!Array.isArray(container)) {
    setOwnField(container, key, value);
    return;
  }
  if (key === '-') {
    container.push(value);
    return;
  }
  const index = atoi(key);
  const size = container.length + 1;
  if (index >= size) throw new JsonPatchError(`invalid index: ${index}`);
  container.splice(fromEnd(index, size), 0, value);
}

function remove({ container, key }: Slot): void {
  if (!Array.isArray(container)) {
    if (!Object.hasOwn(container, key)) throw new JsonPatchError(`unable to remove nonexistent key: ${key}`);
    delete container[key];
    return;
  }
  const index = atoi(key);
  if (index >= container.length) throw new JsonPatchError(`invalid index: ${index}`);
  container.splice(fromEnd(index, container.length), 1);
}

function set({ container, key }: Slot, value: unknown): void {
  if (!Array.isArray(container)) setOwnField(container, key, value);
  else container[fromEnd(atoi(key), container.length)] = value;
}

