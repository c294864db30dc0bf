import { k8sDocs } from '../../../core/references.js';
import { getIn, recordsWithIndex } from '../../../k8s/access.js';
import { isHelmTestHook } from '../../../k8s/helm-test-hooks.js';
import { isStaticPod } from '../../../k8s/static-pods.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'naked-pod',
  title: 'Pod is not managed by a controller',
  severity: 'low',
  category: 'hygiene',
  target: 'pod',
  admission: true,
  description:
    'A Pod created directly, without a Deployment, StatefulSet, DaemonSet or Job owning it, is never recreated: when its node fails, is drained or upgraded, or the Pod is evicted for lack of memory, it is gone for good, and changing its image or settings means deleting it by hand. A Pod is taken as managed when an owner reference marks a controller (any kind, operators included); static Pods, which the kubelet runs from a file on the node and recreates itself (their mirror Pods read from a cluster, and the control-plane manifests kubeadm writes, labelled tier: control-plane and component: kube-apiserver, etcd, kube-controller-manager or kube-scheduler in kube-system), and Helm test Pods, which run once by design, are not reported.',
  remediation:
    'Wrap the pod spec in a Deployment (long-running, interchangeable replicas), a StatefulSet (stable identity and storage), a DaemonSet (one per node) or a Job (runs to completion).',
  references: [
    k8sDocs('Configuration best practices: naked Pods', 'https://kubernetes.io/docs/concepts/configuration/overview/#naked-pods-vs-replicasets-deployments-and-jobs'),
    k8sDocs('Pods: working with Pods', 'https://kubernetes.io/docs/concepts/workloads/pods/#working-with-pods'),
  ],
  run({ object, report }) {
    const owned = recordsWithIndex(getIn(object.body, 'metadata', 'ownerReferences')).some(({ record }) => record.controller === true);
    if (owned || isStaticPod(object)) return;
    if (isHelmTestHook(object)) return;
    report({
      path: ['metadata', 'name'],
      message: `Pod "${object.name}" has no controller, so nothing recreates it when its node fails or it is evicted: run it from a Deployment, StatefulSet, DaemonSet or Job`,
    });
  },
});
