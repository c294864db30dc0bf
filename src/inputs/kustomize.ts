import path from 'node:path';
import { asArray, asRecord, asString } from '../k8s/access.js';
import { isInsideDirectory } from './inside.js';
import { readYamlMapping } from './yaml-file.js';

/** The file names Kustomize reads a kustomization from, in its order of preference. */
export const KUSTOMIZATION_FILES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

/**
 * The files a kustomization uses as patches (absolute paths). A strategic-merge patch looks like
 * an object but holds only the fields it changes, so scanning it as a manifest reports what the
 * patch leaves out. Unreadable or malformed kustomizations give no patches: Kustomize itself
 * reports those, and their files are then scanned as before.
 */
export function kustomizePatchFiles(kustomizationFile: string): string[] {
  const kustomization = readYamlMapping(kustomizationFile);
  if (!kustomization) return [];
  const dir = path.dirname(kustomizationFile);
  const files: string[] = [];
  const add = (value: unknown) => {
    const file = asString(value);
    // An entry of patchesStrategicMerge may be the patch itself, written inline.
    if (file && !file.includes('\n')) files.push(path.resolve(dir, file));
  };
  for (const entry of asArray(kustomization.patchesStrategicMerge)) add(entry);
  for (const key of ['patches', 'patchesJson6902'] as const) {
    for (const entry of asArray(kustomization[key])) add(asRecord(entry)?.path);
  }
  // A file that is also a resource is a whole object (which a patch may then change): scanned.
  const resources = new Set(asArray(kustomization.resources).flatMap((entry) => {
    const file = asString(entry);
    return file ? [path.resolve(dir, file)] : [];
  }));
  // Kustomize reads files only in or below the kustomization's directory unless run with
  // --load-restrictor LoadRestrictionsNone: a patch named outside it is an error there, not a patch,
  // and a kustomization must not be able to hide any file of the tree from the scan.
  return files.filter((file) => !resources.has(file) && isInsideDirectory(dir, file));
}

/**
 * Whether a kustomization file is a component's (`kind: Component`), which kustomize applies
 * only into the kustomizations that name it in `components:` (it refuses one named as a
 * resource: "expected kind != 'Component'", api/internal/target/kusttarget.go): its patches need
 * their resources, so built on its own it fails, or leaves out what it changes.
 */
export function isKustomizeComponent(kustomizationFile: string): boolean {
  return readYamlMapping(kustomizationFile)?.kind === 'Component';
}
