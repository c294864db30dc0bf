const HELM_HINT = ' (the file looks like an unrendered Helm template; scan the output of `helm template`)';
const JINJA_HINT = ' (the file looks like an unrendered Jinja template; scan what it renders)';

// A Go template action as Helm charts (and Go programs' test templates) write them:
// `{{ .Values.x }}`, `{{- $name := ... }}`, `{{/* comment */}}`, `{{ end }}`, a function called
// with arguments (`{{ include "x" . }}`, `{{ index .Ports 0 }}`). Argo Workflows' variables
// (`{{workflow.name}}`, `{{inputs.parameters.x}}`, `{{=expr}}`) are not Go templates, and a file
// holding them is a finished manifest: its YAML errors are its own.
const GO_TEMPLATE_ACTION = /\{\{-?\s*(?:[.$]|\/\*|(?:if|else|end|range|with|define|template|block|break|continue)\b|\w+\s+[.$"(])/;

const PLACEHOLDER_HINT = ' (the file holds {{ }} placeholders, so it looks like a template; scan what it renders)';

// `{{ name }}` placeholders that a script or Salt fills in (Kubernetes' own cluster/ add-ons).
const PLACEHOLDER = /\{\{\s*[\w.]+\s*\}\}/;

// Argo Workflows' resources hold `{{...}}` variables that Argo fills in when the workflow runs.
const ARGO_RESOURCE = /^\s*apiVersion:\s*["']?argoproj\.io\//m;

/** What to add to the YAML errors of a file that looks like a template nobody rendered. */
export function templateHint(text: string): string {
  if (text.includes('{%')) return JINJA_HINT;
  if (GO_TEMPLATE_ACTION.test(text)) return HELM_HINT;
  return PLACEHOLDER.test(text) && !ARGO_RESOURCE.test(text) ? PLACEHOLDER_HINT : '';
}
