// The page build: every page is one self-contained HTML file with its script and style inlined.
import { describe, expect, it } from 'vitest';
import { SCRIPT_MARKER, STYLE_MARKER, UI_PAGES } from '../../../scripts/build-addon-ui.js';
import { builtPages } from './harness.js';

describe('build-addon-ui', () => {
  describe('buildUiPages', () => {
    it('returns one complete page per name', async () => {
      // Prepare, Act
      const pages = await builtPages();
      // Assess
      expect(Object.keys(pages).sort()).toEqual([...UI_PAGES].sort());
      for (const html of Object.values(pages)) {
        expect(html.startsWith('<!doctype html>')).toBe(true);
        expect(html).not.toContain(SCRIPT_MARKER);
        expect(html).not.toContain(STYLE_MARKER);
        expect(html.match(/<script>/g)).toHaveLength(1);
        expect(html.match(/<\/script>/gi)).toHaveLength(1);
        expect(html.match(/<style>/g)).toHaveLength(1);
      }
    });

    it('loads nothing from outside the page', async () => {
      // Prepare, Act
      const pages = await builtPages();
      // Assess
      for (const html of Object.values(pages)) {
        expect(html).not.toMatch(/<(script|link|img|iframe)[^>]+(src|href)=/i);
        const css = html.slice(html.indexOf('<style>'), html.indexOf('</style>'));
        expect(css).not.toMatch(/@import|url\(/i);
      }
    });

    it('leaves only the payment page a template scriptlet', async () => {
      // Prepare, Act
      const pages = await builtPages();
      // Assess
      expect(pages.payment?.match(/<\?/g)).toEqual(['<?']);
      for (const name of ['sidebar', 'queue', 'settings']) expect(pages[name]).not.toContain('<?');
    });
  });
});
