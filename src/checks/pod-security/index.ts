import type { Check } from '../api.js';
import apparmorUnconfined from './apparmor-unconfined/index.js';
import capabilitiesNotDropped from './capabilities-not-dropped/index.js';
import capabilityBeyondBaseline from './capability-beyond-baseline/index.js';
import capabilityBeyondRestricted from './capability-beyond-restricted/index.js';
import containerRuntimeSocket from './container-runtime-socket/index.js';
import dangerousCapability from './dangerous-capability/index.js';
import hostUsersNotDisabled from './host-users-not-disabled/index.js';
import hostAliases from './host-aliases/index.js';
import hostIpc from './host-ipc/index.js';
import hostNetwork from './host-network/index.js';
import hostPathVolume from './host-path-volume/index.js';
import hostPid from './host-pid/index.js';
import hostPort from './host-port/index.js';
import hostProbeOrLifecycleHost from './host-probe-or-lifecycle-host/index.js';
import lowGroupId from './low-group-id/index.js';
import lowUserId from './low-user-id/index.js';
import missingSecurityContext from './missing-security-context/index.js';
import namespacePodSecurityNotEnforced from './namespace-pod-security-not-enforced/index.js';
import netRawNotDropped from './net-raw-not-dropped/index.js';
import noCapabilitiesDropped from './no-capabilities-dropped/index.js';
import noLinuxHardening from './no-linux-hardening/index.js';
import privilegeEscalationAllowed from './privilege-escalation-allowed/index.js';
import podSecurityStandard from './pod-security-standard/index.js';
import privilegedContainer from './privileged-container/index.js';
import restrictedVolumeTypes from './restricted-volume-types/index.js';
import rootGroup from './root-group/index.js';
import runAsNonRootNotSet from './run-as-non-root-not-set/index.js';
import runAsRootUser from './run-as-root-user/index.js';
import sudoInCommand from './sudo-in-command/index.js';
import sccAllowsPrivilegedContainer from './scc-allows-privileged-container/index.js';
import seccompNotSet from './seccomp-not-set/index.js';
import seccompUnconfined from './seccomp-unconfined/index.js';
import selinuxCustomOptions from './selinux-custom-options/index.js';
import sensitiveHostPath from './sensitive-host-path/index.js';
import unmaskedProcMount from './unmasked-proc-mount/index.js';
import unsafeSysctls from './unsafe-sysctls/index.js';
import windowsHostProcess from './windows-host-process/index.js';
import writableHostPath from './writable-host-path/index.js';
import writableRootFilesystem from './writable-root-filesystem/index.js';

export const podSecurityChecks: readonly Check[] = [
  privilegedContainer,
  // Host isolation
  hostNetwork,
  hostPid,
  hostIpc,
  hostPort,
  hostPathVolume,
  writableHostPath,
  sensitiveHostPath,
  containerRuntimeSocket,
  windowsHostProcess,
  hostProbeOrLifecycleHost,
  restrictedVolumeTypes,
  hostAliases,
  hostUsersNotDisabled,
  // Identity and capabilities
  privilegeEscalationAllowed,
  runAsNonRootNotSet,
  runAsRootUser,
  lowUserId,
  lowGroupId,
  rootGroup,
  writableRootFilesystem,
  missingSecurityContext,
  sudoInCommand,
  dangerousCapability,
  capabilityBeyondBaseline,
  capabilityBeyondRestricted,
  netRawNotDropped,
  capabilitiesNotDropped,
  noCapabilitiesDropped,
  // Kernel hardening
  seccompNotSet,
  seccompUnconfined,
  apparmorUnconfined,
  selinuxCustomOptions,
  unsafeSysctls,
  unmaskedProcMount,
  noLinuxHardening,
  // OpenShift's admission policy objects
  sccAllowsPrivilegedContainer,
  // The whole standard, as Pod Security Admission applies it (scan --pss), and the namespaces' labels that choose it
  podSecurityStandard,
  namespacePodSecurityNotEnforced,
];
