import { describe, expect, it } from 'vitest';
import { templateHint } from './template-hint.js';

describe('templateHint', () => {
  it.each([
    ['image: {{ .Values.image }}'],
    ['{{- if .Values.enabled }}\nkind: Service\n{{- end }}'],
    ['{{/* a comment */}}'],
    ['{{- $name := include "x.fullname" . }}'],
    ['labels:\n  {{- include "x.labels" . | nindent 4 }}'],
    ['{{ toYaml .Values.resources }}'],
    ['{{ end }}'],
    ['number: {{ index .HostNetworkPorts 0 }}'],
    ['{{ printf "%s-%s" .Release.Name "x" }}'],
  ])('names Helm for a Go template action: %s', (text) => {
    expect(templateHint(text)).toContain('unrendered Helm template');
  });

  it.each([
    ['apiVersion: argoproj.io/v1alpha1\nkind: Workflow\nargs: ["{{workflow.name}}"]'],
    ['apiVersion: argoproj.io/v1alpha1\nkind: WorkflowTemplate\nvalue: "{{ inputs.parameters.message }}"'],
    ['value: "{{=sprig.upper(inputs.parameters.x)}}"'],
    ['value: "{{ lookup(\'env\', \'HOME\') }}"'],
    ['kind: Deployment'],
  ])('gives no hint for an Argo Workflows resource or text without placeholders: %s', (text) => {
    expect(templateHint(text)).toBe('');
  });

  it.each([['cpu: {{ metadata_agent_cpu_request }}'], ['labels:\n  {{kubemark_mig_config}}'], ['value: "{{ item }}"']])(
    'calls other {{ name }} placeholders a template, without naming Helm: %s',
    (text) => {
      expect(templateHint(text)).toBe(' (the file holds {{ }} placeholders, so it looks like a template; scan what it renders)');
    },
  );

  it('names Jinja for a statement block', () => {
    expect(templateHint('{% if x %}\nkind: Pod\n{% endif %}\nname: {{ name }}')).toContain('unrendered Jinja template');
  });
});
