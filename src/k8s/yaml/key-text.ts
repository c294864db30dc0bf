import { goNumberKey, resolveGoYamlV2 } from './kubernetes-schema.js';
import { keyIndicatorBefore, opensFlowEntry } from './position-recorder.js';

const WS = (c: string | undefined) => c === ' ' || c === '\t' || c === '\n' || c === '\r';

/** Skips whitespace and comments from `offset`, returning where the node's text begins. */
export function skipToContent(text: string, offset: number): number {
  let p = offset;
  for (;;) {
    const c = text[p];
    if (WS(c)) p++;
    else if (c === '#') {
      const eol = text.indexOf('\n', p);
      if (eol === -1) return text.length;
      p = eol + 1;
    } else return p;
  }
}

/**
 * The mapping key written at `offset`, as the loaded object names it (plain keys resolved as
 * Kubernetes' YAML reader does, so `8080:` is "8080" and `on:` is "true").
 */
export function keyTextAt(text: string, offset: number): string | undefined {
  let p = skipToContent(text, offset);
  // Skip node properties: an anchor (&a) or a tag (!t) before the key.
  while (text[p] === '&' || text[p] === '!') {
    while (p < text.length && !WS(text[p])) p++;
    while (text[p] === ' ' || text[p] === '\t') p++;
  }
  const quote = text[p];
  if (quote === '"') return doubleQuoted(text, p);
  if (quote === "'") return singleQuoted(text, p);
  // An explicit key in a flow collection (`{x: 1, ? w}`) may end at the collection's indicators.
  const question = keyIndicatorBefore(text, p);
  const inFlow = question >= 0 && opensFlowEntry(text, question);
  let end = p;
  while (end < text.length) {
    const c = text[end];
    if (c === '\n' || c === '\r') break;
    if (inFlow && (c === ',' || c === '}' || c === ']')) break;
    // A comment after an explicit key (`? name  # why`).
    if (c === '#' && (text[end - 1] === ' ' || text[end - 1] === '\t')) break;
    if (c === ':') {
      const next = text[end + 1];
      if (next === undefined || WS(next) || next === ',' || next === '}' || next === ']') break;
    }
    end++;
  }
  const plain = text.slice(p, end).trimEnd();
  const resolved = resolveGoYamlV2(plain);
  if (resolved === undefined) return plain;
  return typeof resolved.value === 'number' ? goNumberKey(plain, resolved.value) : String(resolved.value);
}

function doubleQuoted(text: string, start: number): string | undefined {
  let p = start + 1;
  while (p < text.length && text[p] !== '"') p += text[p] === '\\' ? 2 : 1;
  try {
    const parsed: unknown = JSON.parse(text.slice(start, p + 1).replace(/\n\s*/g, ' '));
    return typeof parsed === 'string' ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function singleQuoted(text: string, start: number): string {
  let p = start + 1;
  let out = '';
  while (p < text.length) {
    if (text[p] === "'") {
      if (text[p + 1] === "'") {
        out += "'";
        p += 2;
        continue;
      }
      break;
    }
    out += text[p];
    p++;
  }
  return out;
}
