import { declaredOnly, type PortedTemplate, stringMatcher, stringParam } from './template.js';

/**
 * disallowed-api-obj: an object whose group, version and kind each match their pattern. The
 * group and version are those of apiVersion as apimachinery parses it (`v1` is the core group,
 * and more than one `/` leaves both empty).
 */
export const disallowedApiObj: PortedTemplate = {
  objectKinds: ['Any'],
  instantiate(params) {
    declaredOnly(params, ['group', 'version', 'kind']);
    const group = stringMatcher(stringParam(params, 'group'), 'group');
    const version = stringMatcher(stringParam(params, 'version'), 'version');
    const kind = stringMatcher(stringParam(params, 'kind'), 'kind');
    return (object) => {
      const gv = groupVersion(object.apiVersion);
      if (!group(gv.group) || !version(gv.version) || !kind(object.kind)) return [];
      return [{ path: ['kind'], message: `disallowed API object found: ${gv.group}/${gv.version}, Kind=${object.kind}` }];
    };
  },
};

/** apimachinery's ParseGroupVersion; an apiVersion it refuses gives an empty group and version. */
function groupVersion(apiVersion: string): { group: string; version: string } {
  if (apiVersion === '' || apiVersion === '/') return { group: '', version: '' };
  const parts = apiVersion.split('/');
  if (parts.length === 1) return { group: '', version: apiVersion };
  if (parts.length === 2) return { group: parts[0]!, version: parts[1]! };
  return { group: '', version: '' };
}
