import { readFileSync } from 'node:fs';
import yaml from 'js-yaml';
import { asRecord } from '../k8s/access.js';

/*
 * YAML that helm and kustomize read (Chart.yaml, kustomization files, generator configurations),
 * read here only to know what they will do: leniently, as the tool itself reports a broken file.
 */

/** The documents of a YAML text; none when it does not parse. */
export function yamlDocuments(text: string): unknown[] {
  try {
    return yaml.loadAll(text);
  } catch {
    return [];
  }
}

/** The documents of a YAML file; none when it cannot be read or does not parse. */
export function readYamlDocuments(file: string): unknown[] {
  try {
    return yamlDocuments(readFileSync(file, 'utf8'));
  } catch {
    return [];
  }
}

/** A YAML file's mapping; undefined when it cannot be read, does not parse or is no mapping. */
export function readYamlMapping(file: string): Record<string, unknown> | undefined {
  try {
    return asRecord(yaml.load(readFileSync(file, 'utf8')));
  } catch {
    return undefined;
  }
}
