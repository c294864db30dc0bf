import { k8sDocs } from '../../../core/references.js';
import { defineCheck } from '../../api.js';
import { reportMissingResource } from '../resources.js';

export default defineCheck({
  id: 'ephemeral-storage-requests-missing',
  title: 'Container has no ephemeral-storage request',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  enabledByDefault: false,
  description:
    'The scheduler counts ephemeral-storage requests against a node\'s allocatable local disk. A container without a request can land on a node whose disk is already spoken for, and under disk pressure the kubelet evicts first the pods that use more local storage than they requested. Off by default: few projects set it. A request that defaults from an ephemeral-storage limit or from a namespace LimitRange counts; a written 0 stays no request. Unlike CPU and memory, ephemeral-storage cannot be requested for the whole pod (spec.resources).',
  remediation: 'Set resources.requests.ephemeral-storage to the local disk the container uses under normal load (for example 500Mi), or give the namespace a LimitRange with a default ephemeral-storage request.',
  references: [
    k8sDocs('Local ephemeral storage', 'https://kubernetes.io/docs/concepts/configuration/manage-resources-containers/#local-ephemeral-storage'),
    k8sDocs('Node-pressure Eviction', 'https://kubernetes.io/docs/concepts/scheduling-eviction/node-pressure-eviction/'),
  ],
  run(ctx) {
    reportMissingResource(ctx, 'ephemeral-storage', 'requests');
  },
});
