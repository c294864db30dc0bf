import type { Problem } from '../core/result.js';
import type { K8sObject } from '../k8s/object.js';
import { parseManifests } from '../k8s/yaml/parse.js';
import { expandInputs } from './files.js';
import { type SkippedDocument, objectsOfDocument } from './objects.js';
import { readInput } from './read.js';

export interface LoadedInputs {
  readonly objects: K8sObject[];
  readonly skipped: SkippedDocument[];
  readonly problems: Problem[];
  readonly files: number;
  readonly documents: number;
}

const TEMPLATE_HINT = ' (the file looks like an unrendered Helm template; scan the output of `helm template`)';

/** Reads every input path into objects; unreadable files and broken documents become problems. */
export function loadInputs(paths: readonly string[]): LoadedInputs {
  const expanded = expandInputs(paths);
  const result: LoadedInputs = { objects: [], skipped: [], problems: [...expanded.problems], files: 0, documents: 0 };
  let files = 0;
  let documents = 0;
  for (const file of expanded.files) {
    const read = readInput(file);
    if (!read.ok) {
      result.problems.push(read.error);
      continue;
    }
    files++;
    const { name, text } = read.value;
    const parsed = parseManifests(text, name);
    const looksTemplated = parsed.problems.length > 0 && text.includes('{{');
    for (const problem of parsed.problems) {
      result.problems.push(looksTemplated ? { ...problem, message: problem.message + TEMPLATE_HINT } : problem);
    }
    for (const document of parsed.documents) {
      documents++;
      const { objects, skipped } = objectsOfDocument(document, name);
      for (const o of objects) result.objects.push(o);
      for (const s of skipped) result.skipped.push(s);
    }
  }
  return { ...result, files, documents };
}
