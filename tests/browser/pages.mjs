// Opens ccsim's HTML pages (run, compare, staff, sweep, breakeven) in
// headless Chromium over the DevTools protocol (puppeteer-core) and reports
// what each shows: its sections, its charts (laid out with a size, with
// drawn content), script errors, and a full-page screenshot.
// Usage: node tests/browser/pages.mjs OUTPUT_DIR CHROMIUM PAGE.html...
// Prints one JSON line: {"pages": {name: {...}}}; exits 1 on a failure.
import puppeteer from 'puppeteer-core';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

const [out, chromium, ...pages] = process.argv.slice(2);
const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  defaultViewport: { width: 1200, height: 1000 },
});
const seen = { pages: {} };
let failed = null;
try {
  for (const file of pages) {
    const name = path.basename(file, '.html');
    const page = await browser.newPage();
    const errors = [];
    const requests = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('request', (r) => { if (!r.url().startsWith('file:') && !r.url().startsWith('data:')) requests.push(r.url()); });
    await page.goto(pathToFileURL(path.resolve(file)).href, { waitUntil: 'load' });
    await page.waitForFunction(() => document.body.hasAttribute('data-charts-rendered'), { timeout: 30000 });
    const info = await page.evaluate(() => {
      const svgs = [...document.querySelectorAll('svg')];
      return {
        command: document.body.getAttribute('data-command'),
        sections: [...document.querySelectorAll('section[id]')].map((s) => s.id),
        headline: (document.querySelector('#summary .headline') || {}).textContent || '',
        charts_rendered: document.body.getAttribute('data-charts-rendered'),
        charts_drawn: document.body.getAttribute('data-charts-drawn'),
        svgs: svgs.length,
        svgs_with_content: svgs.filter((s) => {
          const r = s.getBoundingClientRect();
          return r.width > 100 && r.height > 100 && s.querySelectorAll('path, polyline, rect, circle, line, text').length > 10;
        }).length,
        verdict_text: (document.querySelector('#verdict') || {}).textContent || '',
        cost_text: (document.querySelector('#cost') || {}).textContent || '',
        inputs_folded: document.querySelectorAll('#inputs details:not([open])').length,
        missed_rows: document.querySelectorAll('tr.miss').length,
        miss_background: (() => {
          const td = document.querySelector('tr.miss td');
          return td ? getComputedStyle(td).backgroundColor : null;
        })(),
        js_errors: document.documentElement.getAttribute('data-js-errors'),
      };
    });
    info.errors = errors;
    info.requests = requests;
    info.screenshot = path.join(out, `page-${name}.png`);
    await page.screenshot({ path: info.screenshot, fullPage: true });
    seen.pages[name] = info;
    await page.close();
  }
} catch (e) {
  failed = e;
} finally {
  await browser.close();
}
console.log(JSON.stringify(seen));
if (failed) {
  console.error(String(failed && failed.stack || failed));
  process.exit(1);
}
