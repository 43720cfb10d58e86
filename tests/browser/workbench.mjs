// Drives the ccsim workbench in headless Chromium over the DevTools
// protocol (puppeteer-core): load the page, open a scenario, run it, move
// the agents slider and see the chart and the service level change,
// trigger a validation error and see it at its field, open a lesson.
// Usage: node tests/browser/workbench.mjs URL OUTPUT_DIR CHROMIUM
// Prints one JSON line of what it saw; exits 1 on any failure.
import puppeteer from 'puppeteer-core';
import path from 'node:path';

const [url, out, chromium] = process.argv.slice(2);
const seen = {};
const shot = async (page, name) => {
  const file = path.join(out, name);
  await page.screenshot({ path: file, fullPage: false });
  (seen.screenshots ||= []).push(file);
};
const text = (page, sel) => page.$eval(sel, (e) => e.textContent);
const wait = { timeout: 60000 };

const browser = await puppeteer.launch({
  executablePath: chromium,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--no-first-run'],
  defaultViewport: { width: 1400, height: 1000 },
});
let failed = null;
try {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('requestfailed', (r) => { if (!r.url().includes('/cancel')) errors.push('request failed: ' + r.url()); });
  await page.goto(url, { waitUntil: 'load' });
  await page.waitForSelector('body[data-ready="1"]', wait);

  // Open a scenario.
  await page.select('#shipped', 'erlang-c-classroom');
  await page.click('#open-shipped');
  await page.waitForFunction(() => document.querySelector('#validation').classList.contains('ok') &&
    document.querySelector('#validation').textContent.includes('Erlang C classroom'), wait);
  seen.validation = await text(page, '#validation');
  await shot(page, 'workbench-scenario.png');

  // Run it.
  await page.click('button[data-tab="run"]');
  await page.$eval('#run-reps', (e) => { e.value = '20'; e.dispatchEvent(new Event('input')); });
  await page.click('#run-start');
  await page.waitForFunction(() => document.querySelector('#run-status').textContent.startsWith('done'), wait);
  seen.run_status = await text(page, '#run-status');
  seen.day_rows = await page.$$eval('#day-table tbody tr', (r) => r.length);
  seen.run_charts = await page.$$eval('#run-charts svg', (s) => s.length);
  seen.day_sl = await page.$eval('#day-table tr.total td:nth-child(6)', (e) => e.textContent);
  seen.downloads = await page.$$eval('#run-downloads a', (a) => a.map((x) => x.getAttribute('href')));
  seen.verdict = await page.$eval('#verdict .headline', (e) => e.textContent).catch(() => null);
  seen.status_cells = await page.$$eval('#day-table tbody tr td:last-child', (c) => c.filter((x) => /^(met|missed)$/.test(x.textContent)).length);
  await shot(page, 'workbench-run.png');
  if (seen.day_rows < 20 || seen.run_charts !== 4) throw new Error('run results missing');
  if (!seen.verdict || !/^(All targets met|Targets missed)/.test(seen.verdict)) throw new Error('no verdict headline: ' + seen.verdict);
  if (seen.status_cells < 20) throw new Error('the day table has no targets column');

  // What-if: move the agents slider.
  await page.click('button[data-tab="whatif"]');
  await page.waitForFunction(() => document.querySelector('#wi-sl') && document.querySelector('#wi-chart svg'), wait);
  seen.sl_before = await text(page, '#wi-sl');
  seen.agents_before = await page.$eval('#wi-agents', (e) => e.value);
  const chartBefore = await page.$eval('#wi-chart', (e) => e.innerHTML);
  await shot(page, 'workbench-whatif-12.png');
  await page.$eval('#wi-agents', (e) => { e.value = '14'; e.dispatchEvent(new Event('input')); });
  await page.waitForFunction(() => document.querySelector('#wi-chart').dataset.agents === '14' &&
    document.querySelector('#wi-status').classList.contains('ok'), wait);
  seen.sl_after = await text(page, '#wi-sl');
  seen.agents_after = await page.$eval('#wi-chart', (e) => e.dataset.agents);
  seen.chart_changed = chartBefore !== await page.$eval('#wi-chart', (e) => e.innerHTML);
  await shot(page, 'workbench-whatif-14.png');
  if (seen.sl_before === seen.sl_after || !seen.chart_changed) throw new Error('the slider changed nothing');

  // A validation error, shown at its field.
  await page.click('button[data-tab="scenario"]');
  await page.$eval('#form [data-path="groups[0].agents"] input', (e) => { e.value = '-3'; e.dispatchEvent(new Event('change')); });
  await page.waitForSelector('#form .field.bad[data-path="groups[0].agents"] .problem', wait);
  seen.field_problem = await text(page, '#form .field.bad[data-path="groups[0].agents"] .problem');
  seen.validation_bad = await text(page, '#validation');
  await page.$eval('#form [data-path="groups[0].agents"] input', (e) => e.scrollIntoView());
  await shot(page, 'workbench-validation.png');

  // A lesson opens with its scenario.
  await page.click('button[data-tab="lessons"]');
  await page.click('#lesson-list li[data-id="pooling"]');
  await page.waitForFunction(() => document.querySelector('#lesson h2') && document.querySelector('#validation').textContent.includes('one team of 24'), wait);
  seen.lesson = await text(page, '#lesson h2');
  await shot(page, 'workbench-lesson.png');

  // What-if on a scenario with call types, skills and a partner.
  await page.click('button[data-tab="scenario"]');
  await page.select('#shipped', 'bank-call-types');
  await page.click('#open-shipped');
  await page.waitForFunction(() => document.querySelector('#validation').classList.contains('ok') &&
    document.querySelector('#validation').textContent.includes('call types'), wait);
  await page.click('button[data-tab="whatif"]');
  await page.waitForFunction(() => document.querySelector('#wi-status').classList.contains('ok') &&
    document.querySelector('#wi-chart svg') && document.querySelector('#wi-notes').textContent.includes('call types'), wait);
  seen.types_whatif = await text(page, '#wi-sl');
  await shot(page, 'workbench-whatif-types.png');

  seen.js_errors = errors.concat(await page.evaluate(() => document.documentElement.getAttribute('data-js-errors') || []));
  if (seen.js_errors.length) throw new Error('script errors: ' + seen.js_errors.join('; '));
} catch (e) {
  failed = String(e && e.stack || e);
} finally {
  await browser.close();
}
seen.failed = failed;
console.log(JSON.stringify(seen));
process.exit(failed ? 1 : 0);
