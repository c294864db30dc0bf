import type { ReportSink } from './format.js';

/** `value` as `JSON.stringify(value, null, 2)` writes it `depth` levels deep in a larger document. */
export function prettyJsonAt(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  return depth === 0 ? text : text.replaceAll('\n', `\n${'  '.repeat(depth)}`);
}

/** A field of a streamed object: a value, or an array given as its items' texts (as `prettyJsonAt(item, 2)`). */
export type PrettyField = { readonly value: unknown } | { readonly items: Iterable<string> };

/**
 * Writes an object in the layout of `JSON.stringify(object, null, 2)` (plus a final newline),
 * with array fields written item by item: a document of millions of items never exists as one
 * string (a string has at most 2^29 characters).
 */
export function writePrettyObject(sink: ReportSink, fields: ReadonlyArray<readonly [string, PrettyField]>): void {
  sink.write('{');
  fields.forEach(([name, field], i) => {
    sink.write(`${i === 0 ? '' : ','}\n  ${JSON.stringify(name)}: `);
    if ('value' in field) {
      sink.write(prettyJsonAt(field.value, 1));
      return;
    }
    let empty = true;
    for (const item of field.items) {
      sink.write(`${empty ? '[' : ','}\n    ${item}`);
      empty = false;
    }
    sink.write(empty ? '[]' : '\n  ]');
  });
  sink.write(fields.length === 0 ? '}\n' : '\n}\n');
}
