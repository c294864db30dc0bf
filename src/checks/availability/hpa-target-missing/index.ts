import { k8sDocs } from '../../../core/references.js';
import { namesObject, scaleTargetOf } from '../../../k8s/controllers.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'hpa-target-missing',
  title: 'HorizontalPodAutoscaler targets an object that does not exist',
  severity: 'medium',
  category: 'availability',
  target: 'horizontal-pod-autoscaler',
  description:
    'An autoscaler whose scaleTargetRef names no object in its namespace (a typo, a renamed Deployment, the wrong kind, API group or namespace) scales nothing: the workload it was meant for keeps a fixed replica count and is overwhelmed when load rises. The autoscaler looks for the target in the API group of scaleTargetRef.apiVersion, which is not defaulted: without it, it looks in the core group, where there is no Deployment or StatefulSet.',
  remediation:
    'Point spec.scaleTargetRef (apiVersion, kind, name) at the workload in the autoscaler\'s own namespace, or delete the autoscaler if the workload is gone.',
  references: [
    k8sDocs('Horizontal Pod Autoscaling', 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale/'),
    k8sDocs('HorizontalPodAutoscaler Walkthrough', 'https://kubernetes.io/docs/tasks/run-application/horizontal-pod-autoscale-walkthrough/'),
  ],
  run({ object, index, report }) {
    const target = scaleTargetOf(object);
    if (!target) return;
    const namespace = index.namespaceOf(object);
    const sameName = index.ofKindNamed(target.kind, target.name);
    const matches = sameName.filter((o) => namesObject(target, o));
    if (matches.some((o) => index.namespaceOf(o) === namespace)) return;
    const inOtherGroup = sameName.find((o) => index.namespaceOf(o) === namespace);
    if (inOtherGroup && !target.hasApiVersion) {
      report({
        path: ['spec', 'scaleTargetRef'],
        message: `HorizontalPodAutoscaler "${object.name}" scales ${target.kind} "${target.name}" without an apiVersion, so the autoscaler looks for it in the core API group and finds nothing; ${target.kind} "${target.name}" is ${inOtherGroup.apiVersion}`,
      });
      return;
    }
    const elsewhere = matches[0] ? ` (one exists in namespace "${index.namespaceOf(matches[0])}")` : '';
    report({
      path: ['spec', 'scaleTargetRef', 'name'],
      message: `HorizontalPodAutoscaler "${object.name}" scales ${target.kind} "${target.name}", which is not in namespace "${namespace}" of the scanned manifests${elsewhere}`,
    });
  },
});
