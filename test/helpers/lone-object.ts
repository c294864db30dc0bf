import type { Check, Report } from '../../src/checks/api.js';
import { K8sObject } from '../../src/k8s/object.js';
import { ObjectIndex } from '../../src/k8s/object-index.js';

/**
 * The messages of `check` on one object that comes alone (the only object of the input), scanned
 * (`admission` false) or admitted by the webhook (`admission` true).
 */
export function messagesAlone(check: Check, body: Record<string, unknown>, admission: boolean): string[] {
  const object = new K8sObject(body, { file: 'object.yaml', documentIndex: 0, basePath: [], locator: { locate: () => ({ line: 1, column: 1 }) } });
  const reports: Report[] = [];
  check.runOn(object, {}, new ObjectIndex([object]), { admission }, (r) => reports.push(r));
  return reports.map((r) => r.message);
}
