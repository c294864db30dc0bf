/**
 * The minor version of a Kubernetes 1.x version as `--kube-version` gives it (`1.29`, `v1.29.3`, `v1.29.3-gke.100`),
 * or undefined when the version is unset or not of that form.
 */
export function kubeMinorVersion(version: string | undefined): number | undefined {
  const match = /^v?1\.(\d+)(?:\.\d+)?(?:[-+].*)?$/.exec(version?.trim() ?? '');
  return match ? Number(match[1]) : undefined;
}
