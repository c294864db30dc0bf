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
    'An autoscaler whose scaleTargetRef names no object in its namespace (a typo, a renamed Deployment, the wrong kind or namespace) scales nothing: the workload it was meant for keeps a fixed replica count and is overwhelmed when load rises.',
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
    const matches = index.ofKindNamed(target.kind, target.name).filter((o) => namesObject(target, o));
    if (matches.some((o) => index.namespaceOf(o) === namespace)) return;
    const elsewhere = matches[0] ? ` (one exists in namespace "${index.namespaceOf(matches[0])}")` : '';
    report({
      path: ['spec', 'scaleTargetRef', 'name'],
      message: `HorizontalPodAutoscaler "${object.name}" scales ${target.kind} "${target.name}", which is not in namespace "${namespace}" of the scanned manifests${elsewhere}`,
    });
  },
});
