import type { Problem } from '../core/result.js';
import { type LoadedInputs, type ReadOptions, loadInputs } from '../inputs/load.js';
import { NetpolAnalysis } from './engine/analysis.js';
import type { AnalysisOptions } from './model/cluster.js';

/** An analysis of the manifests at `paths`, with every problem found on the way. */
export interface LoadedAnalysis {
  readonly analysis: NetpolAnalysis;
  /** Unreadable files, broken YAML, and policies the API server would reject. */
  readonly errors: readonly Problem[];
  /** Accepted by Kubernetes but probably not meant (e.g. rules of a direction policyTypes leaves out). */
  readonly warnings: readonly Problem[];
}

/** Reads the paths and analyses them; the warnings include what helm or kustomize warned of. */
export async function analyzePaths(paths: readonly string[], read: ReadOptions = {}, options: AnalysisOptions = {}): Promise<LoadedAnalysis> {
  const inputs = await loadInputs(paths, read);
  const analyzed = analyzeInputs(inputs, options);
  return { ...analyzed, warnings: [...inputs.warnings, ...analyzed.warnings] };
}

/** An analysis of objects already read, with their input problems. */
export function analyzeInputs(inputs: LoadedInputs, options: AnalysisOptions = {}): LoadedAnalysis {
  const analysis = new NetpolAnalysis(inputs.objects, undefined, options);
  const strip = (p: Problem): Problem => ({ code: p.code, message: p.message, ...(p.location ? { location: p.location } : {}) });
  return {
    analysis,
    errors: [...inputs.problems, ...analysis.issues.filter((i) => i.level === 'error').map(strip)],
    warnings: analysis.issues.filter((i) => i.level === 'warning').map(strip),
  };
}
