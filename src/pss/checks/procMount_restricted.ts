import { definePssCheck } from '../check.js';
import { CHECK_PROC_MOUNT, procMountDefaultOnly } from './procMount.js';

export default definePssCheck({
  id: 'procMount_restricted',
  level: 'restricted',
  description:
    'The default /proc masks must be kept (procMount Default), even in a user namespace; from v1.35 this replaces the baseline procMount check, which relaxes for user namespaces.',
  restrictedFields: [
    'spec.containers[*].securityContext.procMount',
    'spec.initContainers[*].securityContext.procMount',
    'spec.ephemeralContainers[*].securityContext.procMount',
  ],
  versions: [{ minVersion: 35, run: procMountDefaultOnly, overrides: [CHECK_PROC_MOUNT] }],
});
