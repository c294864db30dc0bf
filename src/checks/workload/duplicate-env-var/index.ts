import { k8sDocs } from '../../../core/references.js';
import { asString, recordsWithIndex } from '../../../k8s/access.js';
import { describeContainer } from '../../../k8s/workloads.js';
import { defineCheck } from '../../api.js';

export default defineCheck({
  id: 'duplicate-env-var',
  title: 'Environment variable defined twice in a container',
  severity: 'low',
  category: 'workload',
  target: 'workload',
  admission: true,
  description:
    'When a container\'s env list names the same variable twice, the later entry overrides the earlier one: the API server only warns ("hides previous definition"), and kubectl apply may drop one of the entries. The earlier value (often a security setting a reviewer checked) never takes effect, which usually hides a merge or templating mistake.',
  remediation: 'Keep one entry per variable name in each container\'s env list and delete the others.',
  references: [
    k8sDocs('Define Environment Variables for a Container', 'https://kubernetes.io/docs/tasks/inject-data-application/define-environment-variable-container/'),
  ],
  run({ pod, report }) {
    for (const c of pod.containers) {
      const previous = new Map<string, number>();
      for (const { record, index } of recordsWithIndex(c.body.env)) {
        const name = asString(record.name);
        if (name === undefined) continue;
        const earlier = previous.get(name);
        previous.set(name, index);
        if (earlier === undefined) continue;
        report({
          path: [...c.path, 'env', index, 'name'],
          message: `${describeContainer(c)} defines environment variable ${name} again in env[${index}], overriding env[${earlier}]`,
        });
      }
    }
  },
});
