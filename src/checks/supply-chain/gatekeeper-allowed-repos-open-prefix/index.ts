import { mitre } from '../../../core/references.js';
import { asArray, getIn } from '../../../k8s/access.js';
import { defineCheck } from '../../api.js';

/**
 * Public registries where anyone can create an account or organization: behind `<host>/<name>`
 * without a trailing '/', anyone can register `<name>-something` and match the prefix.
 */
const OPEN_REGISTRIES = new Set([
  'docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com', 'ghcr.io', 'quay.io', 'gcr.io', 'us.gcr.io',
  'eu.gcr.io', 'asia.gcr.io', 'registry.gitlab.com', 'public.ecr.aws',
]);

/** Why an entry of spec.parameters.repos, matched as a plain string prefix of the image, admits more than it names; undefined when it does not. */
function openPrefix(repo: string): string | undefined {
  if (repo === '') return 'is empty, and every image starts with the empty string, so the constraint allows every image';
  if (repo.endsWith('/') || repo.endsWith(':') || repo.endsWith('@')) return undefined;
  const parts = repo.split('/');
  if (parts.length === 1) {
    if (repo.includes(':')) return undefined;
    return repo.includes('.')
      ? `also matches images from any registry whose host name starts with it (${repo}.attacker.example/app, ${repo}-mirror.example/app)`
      : `also matches any Docker Hub account or image whose name starts with it (${repo}-evil/app) and any registry host that does (${repo}.attacker.example/app)`;
  }
  const [host, name] = parts;
  if (parts.length === 2 && host !== undefined && OPEN_REGISTRIES.has(host.toLowerCase()) && name !== undefined && !name.includes(':') && !name.includes('@')) {
    return `also matches every ${host} account or organization whose name starts with "${name}" (${host}/${name}-evil/app), which anyone can register`;
  }
  return undefined;
}

export default defineCheck({
  id: 'gatekeeper-allowed-repos-open-prefix',
  title: 'Gatekeeper K8sAllowedRepos entry is an open-ended prefix',
  severity: 'medium',
  category: 'supply-chain',
  target: 'gatekeeper-allowed-repos',
  admission: true,
  description:
    "Gatekeeper's K8sAllowedRepos constraint admits an image when the image string starts with one of spec.parameters.repos, as a plain string prefix. An entry that does not end at a boundary admits more than it names: `quay.io` also admits `quay.io.attacker.example/miner`, `ubuntu` any Docker Hub account named `ubuntu-...`, and `ghcr.io/my-org` the organization `ghcr.io/my-org-evil`, which anyone can register. An attacker who may create pods then runs an image of their choosing despite the allow-list. Reported: an empty entry (it allows every image); an entry without '/' that does not end in ':' (a registry host or Docker Hub name left open); and `<host>/<name>` on a public registry where anyone can create accounts (Docker Hub, ghcr.io, quay.io, gcr.io, registry.gitlab.com, public.ecr.aws). Entries ending in '/', ':' or '@' are exact boundaries.",
  remediation:
    "End every entry at a boundary: a '/' after a registry host or organization (`quay.io/my-org/`, `docker.io/library/`), or ':' or '@' after a full repository name to allow just that image (`nginx:`, `registry.example.com/team/app@`). Or use the k8sallowedreposv2 template of the Gatekeeper library, which matches exact names and globs.",
  references: [
    { type: 'other', id: 'k8sallowedrepos', title: 'Gatekeeper library: Allowed Repositories (K8sAllowedRepos)', url: 'https://open-policy-agent.github.io/gatekeeper-library/website/validation/allowedrepos/' },
    mitre('T1610', 'Deploy Container'),
  ],
  run({ object, report }) {
    asArray(getIn(object.body, 'spec', 'parameters', 'repos')).forEach((repo, i) => {
      if (typeof repo !== 'string') return;
      const why = openPrefix(repo);
      if (why === undefined) return;
      report({
        path: ['spec', 'parameters', 'repos', i],
        message: `K8sAllowedRepos "${object.name}" allows images starting with "${repo}", which ${why}; end the entry with '/' (a registry or organization) or ':' (one repository)`,
      });
    });
  },
});
