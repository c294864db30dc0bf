import type { ImageRef } from './image-ref.js';

/**
 * The Kubernetes Dashboard's own UI: v2 (`kubernetesui/dashboard`), v3's API, web and auth
 * modules, and v1 (`kubernetes-dashboard-amd64` and friends).
 */
export function isDashboardImage(ref: ImageRef): boolean {
  const segments = ref.repository.split('/');
  const last = segments.at(-1) ?? '';
  if (segments.at(-2) === 'kubernetesui' && /^dashboard(-api|-web|-auth)?$/.test(last)) return true;
  return /^kubernetes-dashboard(-(amd64|arm64|arm|ppc64le|s390x))?$/.test(last);
}

/** A part of the Dashboard: its UI, or the metrics scraper it ships with (`kubernetesui/metrics-scraper`, v3's `dashboard-metrics-scraper`). */
export function isDashboardComponentImage(ref: ImageRef): boolean {
  if (isDashboardImage(ref)) return true;
  const segments = ref.repository.split('/');
  return segments.at(-2) === 'kubernetesui' && /^(dashboard-)?metrics-scraper$/.test(segments.at(-1) ?? '');
}

/**
 * The names the Dashboard's manifests and chart give its ServiceAccounts, Roles and workloads:
 * `kubernetes-dashboard`, and `kubernetes-dashboard-api`, `-web`, `-kong`, ... in chart v7.
 */
export function isDashboardName(name: string): boolean {
  return name === 'kubernetes-dashboard' || name.startsWith('kubernetes-dashboard-');
}
