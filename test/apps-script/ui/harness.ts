// Test harness for the add-on's pages in headless Chromium: builds the pages once, serves each
// through request interception (nothing leaves the browser), and installs a `google.script.run`
// stand-in that records every call and answers asynchronously from canned `Result`s.
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll } from 'vitest';
import type { Result, ServerFunctionName } from '../../../apps-script/src/contract.js';
import { SERVER_FUNCTIONS } from '../../../apps-script/src/entry-points.js';
import { buildUiPages } from '../../../scripts/build-addon-ui.js';

/** A canned answer: a `Result` for the success handler, or `{ throw }` for the failure handler. */
export type Answer = Result<unknown> | { throw: string };
/** One answer for every call, or a sequence (the last one repeats). */
export type Answers = Partial<Record<ServerFunctionName, Answer | Answer[]>>;

export interface RecordedCall {
  name: ServerFunctionName;
  arg: unknown;
}

export const PAGE_ORIGIN = 'https://duebook.invalid';

let pages: Promise<Record<string, string>> | undefined;
/** The built pages, built once per test file. */
export function builtPages(): Promise<Record<string, string>> {
  pages ??= buildUiPages();
  return pages;
}

export function launchBrowser(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

// Plain JavaScript run in the page before its own script: a transpiled test function could carry
// helpers (such as esbuild's `__name`) that do not exist in the page.
const STAND_IN = `(config) => {
  const answers = config.answers;
  const state = { calls: [], closed: 0, answers };
  window.__duebook = state;
  const delayFor = (name) => (config.delays && config.delays[name] !== undefined ? config.delays[name] : config.delayMs);
  const next = (name) => {
    const a = state.answers[name];
    if (Array.isArray(a)) return a.length > 1 ? a.shift() : a[0];
    return a;
  };
  const runner = (onSuccess, onFailure) => {
    const r = {
      withSuccessHandler: (fn) => runner(fn, onFailure),
      withFailureHandler: (fn) => runner(onSuccess, fn),
    };
    for (const name of config.names) {
      r[name] = (...args) => {
        state.calls.push({ name, arg: args[0] === undefined ? null : JSON.parse(JSON.stringify(args[0])) });
        const answer = next(name);
        setTimeout(() => {
          if (answer === undefined) onFailure && onFailure(new Error('No canned answer for ' + name));
          else if ('throw' in answer) onFailure && onFailure(new Error(answer.throw));
          else onSuccess && onSuccess(JSON.parse(JSON.stringify(answer)));
        }, delayFor(name));
      };
    }
    return r;
  };
  window.google = { script: { run: runner(null, null), host: { close: () => { state.closed += 1; } } } };
}`;

export interface OpenOptions {
  answers: Answers;
  /** Viewport width: 300 is the sidebar's. */
  width?: number;
  height?: number;
  /** Milliseconds before each answer (default 5), per function in `delays`. */
  delayMs?: number;
  delays?: Partial<Record<ServerFunctionName, number>>;
  /** Rewrites the HTML before serving, e.g. to evaluate a template scriptlet. */
  transform?: (html: string) => string;
}

export interface OpenedPage {
  page: Page;
  context: BrowserContext;
  /** Every `google.script.run` call so far, in order. */
  calls(): Promise<RecordedCall[]>;
  callsTo(name: ServerFunctionName): Promise<unknown[]>;
  /** Replaces the canned answers for `name` from now on. */
  answer(name: ServerFunctionName, answer: Answer | Answer[]): Promise<void>;
  /** How many times `google.script.host.close()` was called. */
  closed(): Promise<number>;
  /** Requests the page tried to make anywhere else (all refused). */
  outsideRequests: string[];
  /** Errors thrown by the page's script. */
  pageErrors: Error[];
}

export async function openPage(browser: Browser, name: string, opts: OpenOptions): Promise<OpenedPage> {
  const html = (await builtPages())[name];
  if (html === undefined) throw new Error(`No page ${name}`);
  const context = await browser.newContext({
    viewport: { width: opts.width ?? 300, height: opts.height ?? 700 },
    timezoneId: 'America/New_York',
    locale: 'en-US',
  });
  const outsideRequests: string[] = [];
  const pageErrors: Error[] = [];
  const url = `${PAGE_ORIGIN}/${name}.html`;
  await context.route('**/*', (route) => {
    if (route.request().url() === url) {
      return route.fulfill({
        status: 200,
        contentType: 'text/html; charset=utf-8',
        body: opts.transform ? opts.transform(html) : html,
      });
    }
    outsideRequests.push(route.request().url());
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('pageerror', (e) => pageErrors.push(e));
  await page.addInitScript({
    content: `(${STAND_IN})(${JSON.stringify({
      // Every page asks for the office's locale to show dates; a test may answer otherwise.
      answers: { displayLocale: { ok: true, value: { locale: 'en-US' } }, ...opts.answers },
      names: SERVER_FUNCTIONS,
      delayMs: opts.delayMs ?? 5,
      delays: opts.delays ?? {},
    })});`,
  });
  await page.goto(url);
  const calls = async () => (await page.evaluate('window.__duebook.calls')) as RecordedCall[];
  return {
    page,
    context,
    calls,
    callsTo: async (fn) => (await calls()).filter((c) => c.name === fn).map((c) => c.arg),
    answer: async (fn, answer) => {
      await page.evaluate(`window.__duebook.answers[${JSON.stringify(fn)}] = ${JSON.stringify(answer)}`);
    },
    closed: async () => (await page.evaluate('window.__duebook.closed')) as number,
    outsideRequests,
    pageErrors,
  };
}

const RESULTS_DIR = resolve(import.meta.dirname, '..', '..', '..', 'test-results');

/** Saves a full-page screenshot to `test-results/<name>.png` and returns its path. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(RESULTS_DIR, { recursive: true });
  const path = join(RESULTS_DIR, `${name.replace(/[^\w.-]+/g, '-').slice(0, 120)}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export const ok = <T>(value: T): Result<T> => ({ ok: true, value });
export const fail = (
  kind: 'unreachable' | 'unauthorized' | 'multiple-accounts' | 'invalid' | 'no-selection' | 'other',
  message: string,
  fields?: { field: string; message: string }[],
): Result<never> => ({ ok: false, error: fields ? { kind, message, fields } : { kind, message } });

/** The pages a test file opens: one Chromium for the file, every page closed after its test. */
export interface PageSession {
  /** Opens page `name` (as `openPage`) for the running test. */
  open(name: string, opts: OpenOptions): Promise<OpenedPage>;
  /** The page the running test opened last. */
  readonly current: OpenedPage | undefined;
}

/**
 * Registers the file's hooks: Chromium launched before all tests (its start can outlast vitest's
 * default hook limit while other files run) and closed after them; after each test, the pages it
 * opened are closed, with a screenshot `<label> <test name>` of the last one if the test failed.
 */
export function usePages(label: string): PageSession {
  let browser: Browser | undefined;
  let opened: OpenedPage[] = [];
  beforeAll(async () => {
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });
  afterEach(async (ctx) => {
    const last = opened.at(-1);
    if (last && ctx.task.result?.state === 'fail') await screenshot(last.page, `${label} ${ctx.task.name}`);
    for (const page of opened) await page.context.close();
    opened = [];
  });
  return {
    async open(name, opts) {
      if (!browser) throw new Error('usePages: Chromium is not running (open a page inside a test)');
      const page = await openPage(browser, name, opts);
      opened.push(page);
      return page;
    },
    get current() {
      return opened.at(-1);
    },
  };
}
