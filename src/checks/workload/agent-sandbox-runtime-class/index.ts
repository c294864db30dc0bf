import { z } from 'zod';
import { k8sDocs, mitre } from '../../../core/references.js';
import { asString } from '../../../k8s/access.js';
import { compileGlob } from '../../../config/glob.js';
import { defineCheck } from '../../api.js';

/** The Agent Sandbox kinds whose pods run an agent's code. */
const SANDBOX_KINDS = new Set(['Sandbox', 'SandboxTemplate']);

// One matcher per parameter list: the parameters are parsed once per scan.
const matchers = new WeakMap<readonly string[], (runtimeClass: string) => boolean>();
function sandboxingRuntime(globs: readonly string[]): (runtimeClass: string) => boolean {
  let matcher = matchers.get(globs);
  if (!matcher) {
    const compiled = globs.map(compileGlob);
    matchers.set(globs, (matcher = (runtimeClass) => compiled.some((matches) => matches(runtimeClass))));
  }
  return matcher;
}

export default defineCheck({
  id: 'agent-sandbox-runtime-class',
  title: 'Agent sandbox does not run under a sandboxing runtime',
  severity: 'high',
  category: 'workload',
  target: 'workload',
  admission: true,
  description:
    "A Sandbox or SandboxTemplate of Agent Sandbox (kubernetes-sigs/agent-sandbox) runs code an AI agent writes or fetches: untrusted by design. Without a runtimeClassName naming a sandboxing runtime (gVisor, Kata Containers), its pods run under the node's default runtime (runc), sharing the host kernel, so one kernel exploit from inside the sandbox takes the node and every pod on it. The runtime classes accepted are the runtimeClasses parameter (globs; gvisor and kata* by default, as RuntimeClass objects are usually named for them). Kubescape reports the same (C-0297, gvisor alone by default).",
  remediation:
    'Install a sandboxing runtime on the nodes (gVisor\'s runsc, Kata Containers), create its RuntimeClass, and set spec.podTemplate.spec.runtimeClassName to it; list the RuntimeClasses your cluster uses for this in the rule\'s runtimeClasses parameter.',
  references: [
    mitre('T1611', 'Escape to Host'),
    k8sDocs('Runtime Class', 'https://kubernetes.io/docs/concepts/containers/runtime-class/'),
    k8sDocs('Agent Sandbox', 'https://agent-sandbox.sigs.k8s.io/'),
  ],
  params: z.object({ runtimeClasses: z.array(z.string().min(1)).min(1).default(['gvisor', 'kata*']) }).strict(),
  run({ object, pod, params, report }) {
    if (!SANDBOX_KINDS.has(object.kind)) return;
    const runtimeClass = asString(pod.spec.runtimeClassName) ?? '';
    if (runtimeClass === '') {
      report({ path: [...pod.specPath, 'runtimeClassName'], message: `${object.kind} "${object.name}" sets no runtimeClassName: its pods run under the node's default runtime, sharing the host kernel` });
      return;
    }
    if (sandboxingRuntime(params.runtimeClasses)(runtimeClass)) return;
    report({
      path: [...pod.specPath, 'runtimeClassName'],
      message: `${object.kind} "${object.name}" runs under RuntimeClass "${runtimeClass}", which is not one of the sandboxing runtimes of the runtimeClasses parameter (${params.runtimeClasses.join(', ')})`,
    });
  },
});
