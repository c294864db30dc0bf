import { checkovImporter } from './checkov.js';
import { kubeLinterImporter } from './kube-linter.js';
import { kubeScoreImporter } from './kube-score.js';
import { kubescapeImporter } from './kubescape.js';
import { polarisImporter } from './polaris.js';
import { trivyImporter } from './trivy.js';
import type { ConfigImporter } from './types.js';

export const CONFIG_IMPORTERS: ReadonlyMap<string, ConfigImporter> = new Map(
  [kubeLinterImporter, kubeScoreImporter, polarisImporter, checkovImporter, trivyImporter, kubescapeImporter].map((i) => [i.tool.toLowerCase(), i] as const),
);
