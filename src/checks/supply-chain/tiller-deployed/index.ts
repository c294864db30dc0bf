import { mitre, type Reference } from '../../../core/references.js';
import { asArray, asRecord, asString } from '../../../k8s/access.js';
import { imageName } from '../../../k8s/image-ref.js';
import { KIND_GROUPS } from '../../../k8s/kind-groups.js';
import type { K8sObject } from '../../../k8s/object.js';
import { type ContainerView, describeContainer, type PodView, podViewOf } from '../../../k8s/workloads.js';
import { defineCheck, type Report } from '../../api.js';
import { containerFlags } from '../../control-plane/command-line.js';
import { parseGoBool } from '../../control-plane/flag-rules.js';
import { containerImages } from '../images.js';

const TILLER_IMAGES = new Set(['ghcr.io/helm/tiller', 'gcr.io/kubernetes-helm/tiller']);
/** The Deployment and Service `helm init` created, and the labels it put on them. */
const TILLER_OBJECT_NAME = 'tiller-deploy';
const TILLER_LABELS = { app: 'helm', name: 'tiller' } as const;
const TILLER_GRPC_PORT = 44134;

function other(title: string, url: string): Reference {
  return { type: 'other', id: title, title, url };
}

function hasTillerLabels(labels: Readonly<Record<string, string>>): boolean {
  return labels.app === TILLER_LABELS.app && labels.name === TILLER_LABELS.name;
}

/** `--listen=localhost:44134` keeps the gRPC API off the pod network (helm then port-forwards). */
function listensOnLocalhostOnly(container: ContainerView): boolean {
  // Tiller reads its flags with Go's flag package: a single dash works too.
  return /^(localhost|127(\.\d{1,3}){3}|\[::1\]):/.test(containerFlags(container, true).value('listen') ?? '');
}

/** `--tls-verify` (or a non-empty TILLER_TLS_VERIFY) makes Tiller require a client certificate it can verify. */
function verifiesClients(container: ContainerView): boolean {
  const flag = containerFlags(container, true).bool('tls-verify');
  if (flag !== undefined) return parseGoBool(flag) === true;
  const env = asArray(container.body.env).map(asRecord).find((e) => e?.name === 'TILLER_TLS_VERIFY');
  return (asString(env?.value) ?? '') !== '';
}

function checkWorkload(object: K8sObject, pod: PodView, report: (r: Report) => void): void {
  const tiller = containerImages(pod).find(({ ref }) => ref.repository === 'tiller' || ref.repository.endsWith('/tiller') || TILLER_IMAGES.has(imageName(ref)));
  const what = `${object.kind} "${object.name}"`;
  if (tiller) {
    const localOnly = listensOnLocalhostOnly(tiller.container);
    const mutualTls = !localOnly && verifiesClients(tiller.container);
    let how = `, serving its unauthenticated gRPC API on port ${TILLER_GRPC_PORT}`;
    if (localOnly) how = ', listening on localhost only';
    else if (mutualTls) how = `, serving its gRPC API on port ${TILLER_GRPC_PORT} to clients with a verified certificate (--tls-verify)`;
    report({
      path: tiller.path,
      message: `${what} runs Helm v2 Tiller (${describeContainer(tiller.container)}, image "${tiller.image}")${how}`,
      severity: localOnly || mutualTls ? 'medium' : undefined,
    });
  } else if (object.name === TILLER_OBJECT_NAME || hasTillerLabels(pod.labels)) {
    if (object.name === TILLER_OBJECT_NAME) {
      report({ path: ['metadata', 'name'], message: `${what} has the name of the Helm v2 Tiller deployment (${TILLER_OBJECT_NAME})` });
    } else {
      report({ path: [...pod.metadataPath, 'labels'], message: `${what} runs pods labelled as Helm v2 Tiller (app=helm, name=tiller)` });
    }
  }
}

function checkService(object: K8sObject, report: (r: Report) => void): void {
  const spec = asRecord(object.body.spec);
  const selector = asRecord(spec?.selector);
  const selectsTiller = selector !== undefined && selector.app === TILLER_LABELS.app && selector.name === TILLER_LABELS.name;
  if (object.name !== TILLER_OBJECT_NAME && !selectsTiller) return;
  const exposesGrpc = asArray(spec?.ports).some((p) => asRecord(p)?.port === TILLER_GRPC_PORT || asString(asRecord(p)?.name) === 'tiller');
  let what = `selects Helm v2 Tiller's pods (app=helm, name=tiller)`;
  if (exposesGrpc) what = `exposes Helm v2 Tiller's unauthenticated gRPC API (port ${TILLER_GRPC_PORT})`;
  else if (!selectsTiller) what = `has the name of Helm v2 Tiller's Service (${TILLER_OBJECT_NAME})`;
  report({ path: selectsTiller ? ['spec', 'selector'] : ['metadata', 'name'], message: `Service "${object.name}" ${what}` });
}

export default defineCheck({
  id: 'tiller-deployed',
  title: 'Helm v2 Tiller is deployed',
  severity: 'high',
  category: 'supply-chain',
  // Both the Tiller workload and the Service that exposes it are worth removing.
  target: 'any',
  admission: true,
  description:
    'Tiller, the in-cluster server of Helm v2, accepts chart installs over a gRPC API that has no authentication by default, and usually runs with cluster-admin rights: any pod that can reach port 44134 can deploy anything, including privileged pods, and read every release\'s secrets. Helm v2 has been unsupported since November 2020 and gets no security fixes. Reported as medium when Tiller listens on localhost only or requires verified client certificates (`--tls-verify`, or the TILLER_TLS_VERIFY environment variable).',
  remediation:
    'Migrate releases to Helm 3 (the `helm-2to3` plugin), which has no in-cluster server, then delete the tiller-deploy Deployment, its Service and its ServiceAccount binding.',
  references: [
    mitre('T1610', 'Deploy Container'),
    other('Helm documentation: Changes since Helm 2 (removal of Tiller)', 'https://helm.sh/docs/faq/changes_since_helm2/#removal-of-tiller'),
    other('Helm v2 documentation: Securing your Helm installation', 'https://v2.helm.sh/docs/securing_installation/'),
  ],
  run({ object, report }) {
    // Target `any`: the workload view and the Service are read through the same helpers the
    // engine uses for `workload` and `service` checks.
    const pod = podViewOf(object);
    if (pod) checkWorkload(object, pod, report);
    else if (KIND_GROUPS.service(object)) checkService(object, report);
  },
});
