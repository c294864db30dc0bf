import { isZeroGoDuration } from '../../../core/go-duration.js';
import type { Path } from '../../../core/path.js';
import { k8sDocs, mitre } from '../../../core/references.js';
import { asString, recordsWithIndex, valueAtPath } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

/** A bootstrap token: a public six-character id, a dot, and a sixteen-character secret. */
const BOOTSTRAP_TOKEN = /^([a-z0-9]{6})\.[a-z0-9]{16}$/;

/** Where each kind keeps kubeadm's init and join configurations (see control-plane/kubeadm.ts). */
const SPECS: Readonly<Record<string, readonly Path[]>> = {
  InitConfiguration: [[]],
  JoinConfiguration: [[]],
  KubeadmControlPlane: [['spec', 'kubeadmConfigSpec']],
  KubeadmControlPlaneTemplate: [['spec', 'template', 'spec', 'kubeadmConfigSpec']],
  KubeadmConfig: [['spec']],
  KubeadmConfigTemplate: [['spec', 'template', 'spec']],
};

/** A token of the configuration, where it is, and what it is for. */
interface Token {
  readonly path: Path;
  readonly id: string;
  readonly role: string;
  /** A ttl of 0: the token never expires. */
  readonly forever: boolean;
}

function tokensOf(body: unknown, spec: Path, standalone: boolean): Token[] {
  const at = (...rest: Array<string | number>): Path => [...spec, ...rest];
  // A standalone InitConfiguration holds bootstrapTokens at its top; Cluster API's specs under initConfiguration.
  const init = standalone ? spec : at('initConfiguration');
  const join = standalone ? spec : at('joinConfiguration');
  const tokens: Token[] = [];
  const add = (path: Path, role: string, forever = false) => {
    const id = BOOTSTRAP_TOKEN.exec(asString(valueAtPath(body, path)) ?? '')?.[1];
    if (id !== undefined) tokens.push({ path, id, role, forever });
  };
  for (const { record, index } of recordsWithIndex(valueAtPath(body, [...init, 'bootstrapTokens']))) {
    const ttl = asString(record.ttl);
    add([...init, 'bootstrapTokens', index, 'token'], 'that nodes join the cluster with', ttl !== undefined && isZeroGoDuration(ttl));
  }
  add([...join, 'discovery', 'bootstrapToken', 'token'], 'this node discovers the cluster with');
  add([...join, 'discovery', 'tlsBootstrapToken'], 'this node gets its kubelet certificate with');
  return tokens;
}

export default defineCheck({
  id: 'kubeadm-bootstrap-token',
  title: 'kubeadm configuration holds a bootstrap token',
  severity: 'high',
  category: 'secrets',
  target: 'kubeadm-configuration',
  admission: true,
  description:
    "A bootstrap token (`abcdef.0123456789abcdef`) lets whoever holds it join a node to the cluster: kubeadm's default token is in the group system:bootstrappers:kubeadm:default-node-token, whose certificate signing requests for a kubelet client certificate are approved automatically, and a node identity reads the Secrets, ConfigMaps and volumes of every pod scheduled to it. A token written into a kubeadm InitConfiguration or JoinConfiguration (or Cluster API's KubeadmControlPlane or KubeadmConfig) that is kept in a repository is readable by everyone who can read the repository, for as long as the token lives; a ttl of 0 keeps it valid forever, which makes the finding critical. kubeadm's documentation example token is as good as public.",
  remediation:
    'Leave bootstrapTokens out and let kubeadm generate a token at init (kubeadm token create prints a join command when one is needed), or pass it at run time (kubeadm join --token). Keep ttl short (the default 24h0m0s). Delete a token that was committed: kubeadm token delete <id>.',
  references: [
    k8sDocs('Authenticating with Bootstrap Tokens', 'https://kubernetes.io/docs/reference/access-authn-authz/bootstrap-tokens/'),
    k8sDocs('kubeadm token', 'https://kubernetes.io/docs/reference/setup-tools/kubeadm/kubeadm-token/'),
    mitre('T1552.001', 'Unsecured Credentials: Credentials In Files'),
  ],
  run({ object, report }) {
    const standalone = object.group === 'kubeadm.k8s.io';
    for (const spec of SPECS[object.kind] ?? []) {
      for (const token of tokensOf(object.body, spec, standalone)) {
        report({
          path: token.path,
          message: `${object.kind} holds the bootstrap token ${token.id}.<secret> ${token.role}${token.forever ? ', with a ttl of 0: it never expires' : ''}`,
          ...(token.forever ? { severity: 'critical' as const } : {}),
        });
      }
    }
  },
});
