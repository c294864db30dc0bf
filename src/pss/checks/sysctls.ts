import type { Path } from '../../core/path.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { list, str, struct, type PodView } from '../view.js';

const ALLOWED_1_0: ReadonlySet<string> = new Set([
  'kernel.shm_rmid_forced',
  'net.ipv4.ip_local_port_range',
  'net.ipv4.tcp_syncookies',
  'net.ipv4.ping_group_range',
  'net.ipv4.ip_unprivileged_port_start',
]);
const ALLOWED_1_27: ReadonlySet<string> = new Set([...ALLOWED_1_0, 'net.ipv4.ip_local_reserved_ports']);
const ALLOWED_1_29: ReadonlySet<string> = new Set([
  ...ALLOWED_1_27,
  'net.ipv4.tcp_keepalive_time',
  'net.ipv4.tcp_fin_timeout',
  'net.ipv4.tcp_keepalive_intvl',
  'net.ipv4.tcp_keepalive_probes',
]);
const ALLOWED_1_32: ReadonlySet<string> = new Set([...ALLOWED_1_29, 'net.ipv4.tcp_rmem', 'net.ipv4.tcp_wmem']);
const ALLOWED_1_37: ReadonlySet<string> = new Set([...ALLOWED_1_32, 'net.ipv4.tcp_slow_start_after_idle', 'net.ipv4.tcp_notsent_lowat']);

function sysctls(pod: PodView, allowed: ReadonlySet<string>): CheckFailure | undefined {
  if (!pod.securityContext) return undefined;
  let forbidden: string[] | undefined;
  let fields: Path[] | undefined;
  const items = list(pod.securityContext.sysctls);
  for (let i = 0; i < items.length; i++) {
    const name = str(struct(items[i]).name);
    if (!allowed.has(name)) {
      (forbidden ??= []).push(name);
      (fields ??= []).push(['spec', 'securityContext', 'sysctls', i, 'name']);
    }
  }
  if (!forbidden || !fields) return undefined;
  return { reason: 'forbidden sysctls', detail: forbidden.join(', '), fields };
}

export default definePssCheck({
  id: 'sysctls',
  level: 'baseline',
  description: 'Only the safe, namespaced sysctls of the policy version are allowed.',
  restrictedFields: ['spec.securityContext.sysctls[*].name'],
  versions: [
    { minVersion: 0, run: (pod) => sysctls(pod, ALLOWED_1_0) },
    { minVersion: 27, run: (pod) => sysctls(pod, ALLOWED_1_27) },
    { minVersion: 29, run: (pod) => sysctls(pod, ALLOWED_1_29) },
    { minVersion: 32, run: (pod) => sysctls(pod, ALLOWED_1_32) },
    { minVersion: 37, run: (pod) => sysctls(pod, ALLOWED_1_37) },
  ],
});
