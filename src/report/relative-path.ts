import path from 'node:path';

/**
 * A report path as CI services resolve it: relative to the working directory (the repository's
 * root in a GitHub Actions or GitLab CI job), with forward slashes, however the file was named
 * (`./k8s/app.yaml`, `k8s/../k8s/app.yaml` and `$PWD/k8s/app.yaml` are all `k8s/app.yaml`, as in
 * SARIF): GitLab's Code Quality report wants "a relative path in the repository", and a GitHub
 * annotation whose `file` is not a path of the repository lands nowhere. A directory named like
 * `..x` is inside. Paths outside the working directory, and `<stdin>`, stay as they are.
 */
export function workspacePath(file: string, cwd = process.cwd()): string {
  const inside = path.relative(cwd, path.resolve(cwd, file));
  const outside = inside === '' || inside === '..' || inside.startsWith(`..${path.sep}`) || path.isAbsolute(inside);
  return (outside ? path.normalize(file) : inside).split(path.sep).join('/');
}
