import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/temp.js';
import type { Finding } from '../core/finding.js';
import { renderedPosition, repositoryLocation } from './repository-location.js';

const finding = (file: string, helmTemplate?: string): Finding => ({
  ruleId: 'privileged-container',
  severity: 'critical',
  category: 'pod-security',
  title: 'Container runs privileged',
  message: 'container "web" runs privileged',
  object: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'web' },
  path: 'spec.template.spec.containers[0].securityContext.privileged',
  location: { file, line: 43, column: 13 },
  ...(helmTemplate !== undefined ? { helmTemplate } : {}),
  remediation: 'Remove it.',
  references: [],
});

describe('where CI services attach a finding', () => {
  it('keeps a finding of a file where it is', () => {
    const f = finding('deploy/web.yaml', 'web/templates/deployment.yaml');
    expect(repositoryLocation(f)).toBe(f.location);
    expect(renderedPosition(f, repositoryLocation(f))).toBe('');
  });

  it('moves a finding of a rendered chart to its template file, the chart at the working directory included', () => {
    expect(repositoryLocation(finding('helm template charts/web', 'charts/web/templates/deployment.yaml'))).toEqual({ file: 'charts/web/templates/deployment.yaml' });
    expect(repositoryLocation(finding('helm template .', 'templates/deployment.yaml'))).toEqual({ file: 'templates/deployment.yaml' });
    const f = finding('helm template charts/web', 'charts/web/templates/deployment.yaml');
    expect(renderedPosition(f, repositoryLocation(f))).toBe(' (at helm template charts/web:43:13)');
  });

  it('moves it to the chart when the template is no file of it (a name helm gave)', () => {
    expect(repositoryLocation(finding('helm template web-app-0.3.0.tgz', 'web-app/templates/deployment.yaml'))).toEqual({ file: 'web-app-0.3.0.tgz' });
    expect(repositoryLocation(finding('helm template charts/web', 'other/templates/x.yaml'))).toEqual({ file: 'charts/web' });
  });

  it('moves it to the archive when the template is in a packaged chart: the chart rendered, or a subchart', () => {
    const archive = path.join(tempDir(), 'web-app-0.3.0.tgz');
    writeFileSync(archive, '');
    expect(repositoryLocation(finding(`helm template ${archive}`, path.join(archive, 'charts/cache/templates/statefulset.yaml')))).toEqual({ file: archive });
    expect(repositoryLocation(finding('helm template charts/web', 'charts/web/charts/sub-0.1.0.tgz/templates/deployment.yaml'))).toEqual({ file: 'charts/web/charts/sub-0.1.0.tgz' });
    expect(repositoryLocation(finding('helm template charts/web', 'charts/web/charts/jobs/charts/sub-0.1.0.tgz/charts/x/templates/pod.yaml'))).toEqual({ file: 'charts/web/charts/jobs/charts/sub-0.1.0.tgz' });
    // Only an entry of a charts/ directory is a packaged subchart.
    expect(repositoryLocation(finding('helm template charts/web', 'charts/web/templates/charts/x.tgz/pod.yaml'))).toEqual({ file: 'charts/web/templates/charts/x.tgz/pod.yaml' });
  });

  it('moves a finding of a kustomization build to its kustomization file', () => {
    expect(repositoryLocation(finding('kustomize build test/inputs/repo/deploy/overlays/prod'))).toEqual({ file: 'test/inputs/repo/deploy/overlays/prod/kustomization.yaml' });
  });
});
