/*
 * `helm template` reaches the network for one thing: the schemas a chart's values.schema.json
 * refers to by URL ("$ref": "https://..."), which helm 3 and 4 fetch to validate the values.
 * Rampart renders offline, so helm's HTTP client is given a proxy that is not there (port 0 of
 * the loopback address: the connection fails at once, and no host name is looked up). A chart
 * that needs such a schema is then rendered again without validating its values.
 */

const NOWHERE = 'http://127.0.0.1:0';

/** The environment helm and kustomize run in when they are not let use the network. */
export function offlineEnvironment(base: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  return { ...base, HTTP_PROXY: NOWHERE, HTTPS_PROXY: NOWHERE, http_proxy: NOWHERE, https_proxy: NOWHERE, NO_PROXY: '', no_proxy: '' };
}

/** The URL of a schema that helm failed to render for because it could not fetch it offline. */
export function unfetchedSchema(message: string): string | undefined {
  return /failing loading "(https?:\/\/[^"]+)": .*?proxyconnect tcp: dial tcp 127\.0\.0\.1:0\b/.exec(message)?.[1];
}

/**
 * The URL a program run offline failed to fetch, from Go's HTTP client's error (`Get "URL":
 * proxyconnect tcp: dial tcp 127.0.0.1:0: ...`): kustomize reads a patch, CRD, configuration,
 * generator's file or chart values file named by an http(s) URL over the network.
 */
export function unfetchedUrl(message: string): string | undefined {
  return /\bGet "(https?:\/\/[^"]+)": proxyconnect tcp: dial tcp 127\.0\.0\.1:0\b/.exec(message)?.[1];
}

/** helm before 3.16 cannot be told to leave the values unvalidated. */
export const NO_SKIP_SCHEMA_FLAG = /unknown flag: --skip-schema-validation/;
