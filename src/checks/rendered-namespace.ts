import { renderedChartPath } from '../inputs/helm.js';
import type { K8sObject } from '../k8s/object.js';

/**
 * For an object of a chart rendered into the namespace `default` whose referent the input holds
 * in one other namespace only: such a chart usually places some objects in a fixed namespace (from
 * its values) and the rest in the release's, and is meant to be installed into the former. helm
 * renders into `default` unless told otherwise. Text to close a parenthesis with, or ''.
 */
export function renderedNamespaceHint(object: K8sObject, namespace: string, elsewhere: readonly string[]): string {
  const [target] = elsewhere;
  if (namespace !== 'default' || elsewhere.length !== 1 || target === undefined || renderedChartPath(object.source.file) === undefined) return '';
  return `; the chart was rendered into namespace "default": if it is installed into "${target}", scan it with --helm-namespace ${target}`;
}
