import { writeFileSync } from 'node:fs';
import path from 'node:path';

/** A kubeconfig in `dir` for a fake API server on loopback (plain HTTP), with a bearer token. */
export function writeKubeconfig(dir: string, port: number, names: { context: string; user: string } = { context: 'c', user: 'u' }): string {
  const file = path.join(dir, 'kubeconfig');
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\nclusters:\n- name: fake\n  cluster: {server: "http://127.0.0.1:${port}", insecure-skip-tls-verify: true}\nusers:\n- name: ${names.user}\n  user: {token: abc}\ncontexts:\n- name: ${names.context}\n  context: {cluster: fake, user: ${names.user}}\ncurrent-context: ${names.context}\n`,
  );
  return file;
}
