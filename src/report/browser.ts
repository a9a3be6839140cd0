/**
 * The conformance statement's HTML page, rendered by a real browser: Debian's Chromium (or any Chromium named by
 * CIM9_CHROMIUM), driven through playwright-core, which brings no browser of its own. It prints the page to PDF
 * (conformance.pdf) and reads what a person sees (the tests). The browser runs headless, offline (no background
 * networking, every request the page makes other than to a file: address refused), JavaScript off, with a fresh
 * profile. Where no Chromium is installed, `findChromium` says so in one line and the caller writes every other
 * report.
 */
import { accessSync, constants, rmSync } from 'node:fs';
import { delimiter, join, relative } from 'node:path';
import { STATEMENT_HTML } from './statement-html.ts';

const CANDIDATES = ['chromium', 'chromium-browser', 'google-chrome', 'google-chrome-stable'];

/** the Chromium to use: CIM9_CHROMIUM, else the first candidate on PATH; undefined when there is none */
export function findChromium(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const executable = (p: string) => {
    try {
      accessSync(p, constants.X_OK);
      return true;
    } catch {
      return false;
    }
  };
  if (env.CIM9_CHROMIUM) return executable(env.CIM9_CHROMIUM) ? env.CIM9_CHROMIUM : undefined;
  for (const dir of (env.PATH ?? '').split(delimiter).filter(Boolean)) {
    for (const name of CANDIDATES) if (executable(join(dir, name))) return join(dir, name);
  }
  return undefined;
}

/** the one line a run prints when it cannot render: what is missing and how to add it */
export const NO_CHROMIUM = 'no Chromium found (install Debian\'s package: apt-get install chromium, or set CIM9_CHROMIUM to a Chromium executable)';

const FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-extensions'];

export interface RenderedPage {
  /** the text a person sees (innerText of the body: hidden elements left out) */
  text: string;
  /** the titles of the page's sections (h1..h3) */
  headings: string[];
  /** the addresses the page tried to load other than itself (must be none: the statement is self-contained) */
  requests: string[];
}

/**
 * Open an HTML file in headless Chromium with JavaScript off and network refused; optionally print it to a PDF
 * (A4, backgrounds, the page's own print CSS) and read what it shows.
 */
export async function renderHtml(htmlFile: string, options: { pdf?: string; chromium?: string } = {}): Promise<RenderedPage> {
  const executablePath = options.chromium ?? findChromium();
  if (!executablePath) throw new Error(NO_CHROMIUM);
  const { chromium } = await import('playwright-core');
  const browser = await chromium.launch({ executablePath, args: FLAGS, headless: true });
  try {
    const context = await browser.newContext({ javaScriptEnabled: false, offline: true });
    const page = await context.newPage();
    const requests: string[] = [];
    const self = new URL(`file://${htmlFile}`).href;
    await page.route('**/*', (route) => {
      const url = route.request().url();
      if (url === self) return route.continue();
      requests.push(url);
      return route.abort();
    });
    await page.goto(self, { waitUntil: 'load' });
    const text = await page.innerText('body');
    const headings = await page.locator('h1, h2, h3').allInnerTexts();
    if (options.pdf) await page.pdf({ path: options.pdf, format: 'A4', printBackground: true, preferCSSPageSize: true });
    return { text, headings, requests };
  } finally {
    await browser.close();
  }
}

/** the PDF of the conformance statement, <run>/conformance.pdf */
export const STATEMENT_PDF = 'conformance.pdf';

/**
 * Print <run>/conformance.html to <run>/conformance.pdf. Never throws: the line says where the PDF is, or why there
 * is none (no Chromium: what to install), and `ok` is false then; a PDF of an earlier run in the folder is removed.
 */
export async function printStatementPdf(reportsDir: string, chromium: string | null = findChromium() ?? null): Promise<{ ok: boolean; line: string }> {
  const pdf = join(reportsDir, STATEMENT_PDF);
  rmSync(pdf, { force: true });
  if (!chromium) return { ok: false, line: `cim9: no ${STATEMENT_PDF} written: ${NO_CHROMIUM}; --no-pdf leaves it out` };
  try {
    await renderHtml(join(reportsDir, STATEMENT_HTML), { pdf, chromium });
    return { ok: true, line: `cim9: conformance statement as PDF: ${relative(process.cwd(), pdf) || pdf}` };
  } catch (e) {
    rmSync(pdf, { force: true });
    return { ok: false, line: `cim9: no ${STATEMENT_PDF} written: ${(e as Error).message.split('\n')[0]}` };
  }
}
