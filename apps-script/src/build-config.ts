// Build-time values shared by the add-on and scripts/build-addon.ts (no Apps Script types here, so
// the Node-side build can import it).

/** The backend address until the build is given a real one (DUEBOOK_BACKEND_URL or addon.config.json). */
export const PLACEHOLDER_BACKEND_URL = 'https://duebook-api.example.com';

/** The bundle's global object: `Duebook.onOpen` etc.; the build's stubs call through it. */
export const GLOBAL_NAME = 'Duebook';
