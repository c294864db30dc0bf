/**
 * The tools `config import --from` reads, and their files as each tool names them (for the help
 * text), apart from the importers themselves: those load the `yaml` package, which the CLI loads
 * only for the command that imports.
 */
export const IMPORT_TOOLS: ReadonlyArray<{ readonly id: string; readonly fileNames: readonly string[] }> = [
  { id: 'kube-linter', fileNames: ['.kube-linter.yaml', '.kube-linter.yml'] },
  { id: 'kube-score', fileNames: ['.kube-score.yml', 'a script or workflow that runs kube-score score'] },
  { id: 'polaris', fileNames: ['its --config file'] },
  { id: 'checkov', fileNames: ['.checkov.yaml', '.checkov.yml'] },
  { id: 'trivy', fileNames: ['.trivyignore', '.trivyignore.yaml', 'trivy.yaml'] },
  { id: 'kubescape', fileNames: ['its --exceptions file (JSON)'] },
];
