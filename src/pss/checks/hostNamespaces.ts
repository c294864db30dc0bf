import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { bool, type PodView } from '../view.js';

const NAMESPACES = ['hostNetwork', 'hostPID', 'hostIPC'] as const;

function hostNamespaces(pod: PodView): CheckFailure | undefined {
  let found: string[] | undefined;
  let fields: Path[] | undefined;
  for (const field of NAMESPACES) {
    if (bool(pod.spec[field])) {
      (found ??= []).push(`${field}=true`);
      (fields ??= []).push(['spec', field]);
    }
  }
  if (!found || !fields) return undefined;
  return { reason: 'host namespaces', detail: found.join(', '), fields };
}

export default definePssCheck({
  id: 'hostNamespaces',
  level: 'baseline',
  description: 'Sharing the host network, PID and IPC namespaces must be disallowed.',
  restrictedFields: ['spec.hostNetwork', 'spec.hostPID', 'spec.hostIPC'],
  versions: [{ minVersion: 0, run: hostNamespaces }],
});
