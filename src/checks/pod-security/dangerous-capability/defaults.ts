/**
 * Capabilities that give a container a direct path to the node or to other workloads. They are
 * all outside the Pod Security Standards baseline set; capability-beyond-baseline and
 * capability-beyond-restricted leave them to dangerous-capability.
 */
export const DEFAULT_DANGEROUS_CAPABILITIES: readonly string[] = [
  'ALL', // every capability below
  'SYS_ADMIN', // mount, namespaces, cgroup release_agent escapes: close to full root
  'SYS_MODULE', // loads kernel modules: code execution in the node kernel
  'NET_ADMIN', // interfaces, routes, iptables: traffic interception (the node's with hostNetwork)
  'SYS_PTRACE', // reads and injects into processes it can see (the node's with hostPID)
  'SYS_RAWIO', // raw I/O ports and device memory
  'SYS_BOOT', // reboots or kexecs the node
  'SYS_TIME', // sets the node clock, which is not namespaced
  'BPF', // loads BPF programs that read kernel memory and trace the node
  'PERFMON', // perf events: kernel address and side-channel leaks
  'DAC_READ_SEARCH', // open_by_handle_at reads host files outside the mount ("Shocker")
  'MAC_ADMIN', // reconfigures AppArmor, SELinux or Smack
  'MAC_OVERRIDE', // bypasses the mandatory access control policy
  'SYSLOG', // kernel log and kernel pointers
  'LINUX_IMMUTABLE', // immutable and append-only flags: tampering and persistence on host mounts
  'SYS_RESOURCE', // overrides resource limits and quotas: exhausts the node
  'AUDIT_CONTROL', // changes or disables kernel auditing, which is node-wide
];

/** Added capabilities reported as critical rather than high: each amounts to control of the node. */
export const CRITICAL_CAPABILITIES: ReadonlySet<string> = new Set(['ALL', 'SYS_ADMIN', 'SYS_MODULE']);
