// Build-time values shared by the add-on and scripts/build-addon.ts (no Apps Script types here, so
// the Node-side build can import it).

/** The backend address until the build is given a real one (DUEBOOK_BACKEND_URL or addon.config.json). */
export const PLACEHOLDER_BACKEND_URL = 'https://duebook-api.example.com';

/** The bundle's global object: `Duebook.onOpen` etc.; the build's stubs call through it. */
export const GLOBAL_NAME = 'Duebook';

/**
 * The manifest's `urlFetchWhitelist` for the address the add-on is built with: that address as a
 * prefix. Apps Script refuses every fetch outside it, so the add-on can reach only this backend.
 */
export function urlFetchWhitelist(backendUrl: string): string[] {
  return [`${backendUrl.replace(/\/+$/, '')}/`];
}

/** True when requests to `url` (and the paths under it) pass the whitelist. */
export function allowedByWhitelist(url: string, whitelist: readonly string[]): boolean {
  const prefix = `${url.replace(/\/+$/, '')}/`;
  return whitelist.some((allowed) => prefix.startsWith(allowed));
}
