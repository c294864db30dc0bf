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
    ['args: ["{{workflow.name}}"]'],
    ['value: "{{inputs.parameters.message}}"'],
    ['value: "{{=sprig.upper(inputs.parameters.x)}}"'],
    ['value: "{{item}}"'],
    ['value: "{{ item }}"'],
    ['value: "{{ lookup(\'env\', \'HOME\') }}"'],
    ['kind: Deployment'],
  ])('gives no hint for text Helm would not have written: %s', (text) => {
    expect(templateHint(text)).toBe('');
  });

  it('names Jinja for a statement block', () => {
    expect(templateHint('{% if x %}\nkind: Pod\n{% endif %}\nname: {{ name }}')).toContain('unrendered Jinja template');
  });
});
