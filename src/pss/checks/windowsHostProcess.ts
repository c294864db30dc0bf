import type { Path } from '../../core/path.js';
import type { JsonRecord } from '../../k8s/access.js';
import { definePssCheck, type CheckFailure } from '../check.js';
import { joinQuote, pluralize } from '../go.js';
import { ptrStruct, type PodView } from '../view.js';

function hostProcess(securityContext: JsonRecord | undefined): boolean {
  return securityContext !== undefined && ptrStruct(securityContext.windowsOptions)?.hostProcess === true;
}

function windowsHostProcess(pod: PodView): CheckFailure | undefined {
  const setters: string[] = [];
  const fields: Path[] = [];
  if (hostProcess(pod.securityContext)) {
    setters.push('pod');
    fields.push(['spec', 'securityContext', 'windowsOptions', 'hostProcess']);
  }
  let badContainers: string[] | undefined;
  for (const c of pod.containers) {
    if (hostProcess(c.securityContext)) {
      (badContainers ??= []).push(c.name);
      fields.push([...c.path, 'securityContext', 'windowsOptions', 'hostProcess']);
    }
  }
  if (badContainers) setters.push(`${pluralize('container', 'containers', badContainers.length)} ${joinQuote(badContainers)}`);
  if (setters.length === 0) return undefined;
  return { reason: 'hostProcess', detail: `${setters.join(' and ')} must not set securityContext.windowsOptions.hostProcess=true`, fields };
}

export default definePssCheck({
  id: 'windowsHostProcess',
  level: 'baseline',
  description: 'Windows HostProcess containers (securityContext.windowsOptions.hostProcess: true) must be disallowed.',
  restrictedFields: [
    'spec.securityContext.windowsOptions.hostProcess',
    'spec.containers[*].securityContext.windowsOptions.hostProcess',
    'spec.initContainers[*].securityContext.windowsOptions.hostProcess',
    'spec.ephemeralContainers[*].securityContext.windowsOptions.hostProcess',
  ],
  versions: [{ minVersion: 0, run: windowsHostProcess }],
});
