const HELM_HINT = ' (the file looks like an unrendered Helm template; scan the output of `helm template`)';
const JINJA_HINT = ' (the file looks like an unrendered Jinja template; scan what it renders)';

// A Go template action as Helm charts (and Go programs' test templates) write them:
// `{{ .Values.x }}`, `{{- $name := ... }}`, `{{/* comment */}}`, `{{ end }}`, a function called
// with arguments (`{{ include "x" . }}`, `{{ index .Ports 0 }}`). Argo Workflows' variables
// (`{{workflow.name}}`, `{{inputs.parameters.x}}`, `{{=expr}}`) are not Go templates, and a file
// holding them is a finished manifest: its YAML errors are its own.
const GO_TEMPLATE_ACTION = /\{\{-?\s*(?:[.$]|\/\*|(?:if|else|end|range|with|define|template|block|break|continue)\b|\w+\s+[.$"(])/;

/** What to add to the YAML errors of a file that looks like a template nobody rendered. */
export function templateHint(text: string): string {
  if (text.includes('{%')) return JINJA_HINT;
  return GO_TEMPLATE_ACTION.test(text) ? HELM_HINT : '';
}
