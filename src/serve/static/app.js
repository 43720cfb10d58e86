// ccsim workbench: shows what the JSON API answers. Every figure on the
// page comes from the server (the same library the CLI uses); this script
// only sends inputs and lays out the answers.
'use strict';

const client = (function () {
  let id = sessionStorage.getItem('ccsim-client');
  if (!id) {
    id = 'tab-' + Math.random().toString(36).slice(2) + Date.now().toString(36);
    sessionStorage.setItem('ccsim-client', id);
  }
  return id;
})();

const $ = (id) => document.getElementById(id);
const state = { toml: '', valid: false, groups: [], run: null, lesson: null };

async function api(method, path, body) {
  const opts = { method, headers: { 'X-Ccsim-Client': client } };
  if (body !== undefined) {
    opts.headers['Content-Type'] = 'application/json';
    opts.body = JSON.stringify(body);
  }
  const r = await fetch(path, opts);
  let data = null;
  try { data = await r.json(); } catch (e) { data = { error: 'the server sent no JSON (' + r.status + ')' }; }
  return { status: r.status, data };
}

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

// Numbers as the server computed them, rounded for display only.
function pct(x, d) { return (x === null || x === undefined || isNaN(x)) ? '-' : (100 * x).toFixed(d === undefined ? 1 : d) + '%'; }
function num(x, d) { return (x === null || x === undefined || isNaN(x)) ? '-' : Number(x).toFixed(d === undefined ? 1 : d); }
function est(e, scale, d, unit) {
  if (!e || e.mean === null || isNaN(e.mean)) return '-';
  const hw = (e.ci95[1] - e.ci95[0]) / 2 * scale;
  const m = (e.mean * scale).toFixed(d) + (unit || '');
  return isNaN(hw) ? m : m + ' ±' + hw.toFixed(d);
}
function setStatus(el, text, kind) { el.textContent = text; el.className = 'status' + (kind ? ' ' + kind : ''); }

// ---------- tabs ----------
function showTab(name) {
  document.querySelectorAll('#tabs button').forEach((b) => b.classList.toggle('active', b.dataset.tab === name));
  document.querySelectorAll('.tab').forEach((t) => t.classList.toggle('active', t.id === 'tab-' + name));
  if (name === 'whatif') whatIf();
}
document.querySelectorAll('#tabs button').forEach((b) => b.addEventListener('click', () => showTab(b.dataset.tab)));

// ---------- scenario ----------
function renderValidation(v) {
  state.toml = v.toml;
  state.valid = v.ok;
  if ($('toml').value !== v.toml) $('toml').value = v.toml;
  const problems = v.problems || [];
  setStatus($('validation'), v.ok ? v.summary : problems.length + ' problem(s) in the scenario', v.ok ? 'ok' : 'bad');
  $('problems').innerHTML = problems.map((p) =>
    '<li data-path="' + esc(p.path) + '">' + (p.path ? '<code>' + esc(p.path) + '</code>' : '') +
    (p.line ? ' (line ' + p.line + ')' : '') + ': ' + esc(p.message) + '</li>').join('');
  if (v.form) renderForm(v.form, problems);
  if (v.ok) {
    state.groups = v.groups;
    const nameField = (v.form || []).find((f) => f.path === 'name');
    $('scenario-name').textContent = nameField ? nameField.value : '';
    for (const sel of ['staff-group', 'wi-group']) {
      const el = $(sel); const keep = el.value;
      el.innerHTML = v.groups.map((g) => '<option>' + esc(g) + '</option>').join('');
      if (v.groups.includes(keep)) el.value = keep;
    }
    const reps = /\breplications\s*=\s*(\d+)/.exec(v.toml);
    if (reps && !$('run-reps').dataset.touched) $('run-reps').value = reps[1];
  }
}

function renderForm(fields, problems) {
  const form = $('form');
  const focused = document.activeElement && document.activeElement.dataset ? document.activeElement.dataset.path : null;
  form.innerHTML = fields.map((f) => {
    const mine = problems.filter((p) => p.path === f.path || p.path.startsWith(f.path + '[') || p.path.startsWith(f.path + '.'));
    const input = f.list
      ? '<textarea rows="3" data-path="' + esc(f.path) + '">' + esc(f.value) + '</textarea>'
      : '<input data-path="' + esc(f.path) + '" value="' + esc(f.value) + '">';
    return '<div class="field' + (mine.length ? ' bad' : '') + '" data-path="' + esc(f.path) + '"><label>' + esc(f.label) +
      ' <span class="muted">' + esc(f.path) + '</span></label>' + input +
      mine.map((p) => '<div class="problem">' + esc(p.message) + '</div>').join('') + '</div>';
  }).join('');
  form.querySelectorAll('input, textarea').forEach((el) => el.addEventListener('change', () => edit(el.dataset.path, el.value)));
  if (focused) {
    const el = form.querySelector('[data-path="' + CSS.escape(focused) + '"] input, [data-path="' + CSS.escape(focused) + '"] textarea');
    if (el) el.focus();
  }
}

async function validate(text) {
  const r = await api('POST', '/api/validate', { toml: text });
  if (r.status === 200) renderValidation(r.data); else setStatus($('validation'), r.data.error, 'bad');
}
async function edit(path, value) {
  const r = await api('POST', '/api/edit', { toml: $('toml').value, path, value });
  if (r.status === 200) renderValidation(r.data); else setStatus($('validation'), r.data.error, 'bad');
}
let typing = null;
$('toml').addEventListener('input', () => { clearTimeout(typing); typing = setTimeout(() => validate($('toml').value), 400); });

async function openShipped(id) {
  const r = await api('GET', '/api/scenarios/' + encodeURIComponent(id));
  if (r.status === 200) await loadText(r.data.toml);
}
async function loadText(text) {
  $('run-reps').dataset.touched = '';
  await validate(text);
  wiReset = true;
}
$('open-shipped').addEventListener('click', () => { state.lesson = null; openShipped($('shipped').value); });
$('upload').addEventListener('change', (e) => {
  const f = e.target.files[0];
  if (!f) return;
  if (f.size > 1048576) { setStatus($('validation'), 'the file is over 1 MiB', 'bad'); return; }
  f.text().then(loadText);
});
$('run-reps').addEventListener('input', () => { $('run-reps').dataset.touched = '1'; });

// ---------- run ----------
function dayTable(report) {
  const groups = report.intervals.length ? Object.keys(report.intervals[0].agents) : [];
  const head = ['interval', ...groups.map((g) => groups.length === 1 ? 'agents' : 'agents ' + g), 'offered', 'answered', 'abandoned', 'SL', 'ASA s', 'abandon', 'occupancy', 'targets'];
  const row = (label, i, agents, cls) => {
    const occ = Object.values(i.groups || {}).map((g) => est(g.occupancy, 100, 1, '%')).join(' / ');
    return '<tr' + (cls ? ' class="' + cls + '"' : '') + '><td>' + esc(label) + '</td>' + agents.map((a) => '<td>' + a + '</td>').join('') +
      '<td>' + est(i.offered, 1, 1) + '</td><td>' + est(i.answered, 1, 1) + '</td><td>' + est(i.abandoned, 1, 1) + '</td>' +
      '<td class="' + (i.service_level.mean >= report.target ? 'meet' : 'miss') + '">' + est(i.service_level, 100, 1, '%') + '</td>' +
      '<td>' + est(i.asa_seconds, 1, 1) + '</td><td>' + est(i.abandon_rate, 100, 1, '%') + '</td><td>' + occ + '</td>' +
      '<td class="' + (i.status === 'met' ? 'meet' : i.status ? 'miss' : '') + '">' + esc(i.status || '') + '</td></tr>';
  };
  let h = '<h2>' + esc(report.scenario) + ' — ' + report.replications + ' replications, seed ' + report.seed + '</h2>' +
    '<p class="muted">' + esc(report.confidence) + '. Service level: ' + esc(report.service_level_definition) + '; target ' + pct(report.target, 0) + ' within ' + report.threshold_seconds + ' s.</p>' +
    '<table id="day-table"><thead><tr>' + head.map((x) => '<th>' + esc(x) + '</th>').join('') + '</tr></thead><tbody>';
  for (const i of report.intervals) h += row(i.start, i, groups.map((g) => i.agents[g]));
  h += row('day', report.total, groups.map(() => ''), 'total');
  return h + '</tbody></table>';
}

// A target's name and a figure in the unit people read (the JSON spells
// the target as its scenario key).
const TARGETS = {
  service_level: ['service level', 'min'],
  max_abandon_rate: ['abandonment', 'max'],
  max_asa_seconds: ['ASA', 'max'],
  max_occupancy: ['occupancy', 'max'],
};
function targetLabel(k) { return (TARGETS[k] || [String(k).replace(/_/g, ' ')])[0]; }
function targetShow(k, x) { return /seconds/.test(k) ? num(x, 1) + ' s' : pct(x, 1); }
function targetBy(k, x) { return /seconds/.test(k) ? num(x, 1) + ' s' : num(100 * x, 1) + ' points'; }
function missText(m) {
  const side = (TARGETS[m.target] || [, 'max'])[1] === 'min' ? 'below' : 'over';
  return (m.call_type ? esc(m.call_type) + ': ' : '') + esc(targetLabel(m.target)) + ' ' + targetShow(m.target, m.value) +
    ', ' + targetBy(m.target, m.by) + ' ' + side + ' its ' + (side === 'below' ? 'target ' : 'limit ') + targetShow(m.target, m.limit);
}
function scopeLabel(v) { return (v.day !== undefined && v.day !== null ? 'day ' + v.day + ' ' : '') + v.start + '-' + v.end; }

// The targets block of a report: one headline (met or not, and by how
// much), the whole horizon's misses, the worst interval, the days, and the
// missed intervals folded.
function renderVerdicts(report) {
  const v = report.targets;
  if (!v) return '';
  const rule = v.criterion === 'lower' ? 'the lower end of each 95% interval' : 'the mean';
  let h = '<h2>Targets</h2><div id="verdict" class="verdict ' + (v.met ? 'ok' : 'bad') + '">';
  if (v.met) {
    h += '<p class="headline">All targets met: every one of the ' + v.intervals_judged + ' intervals and the whole horizon (judged on ' + rule + ').</p>';
  } else {
    h += '<p class="headline">Targets missed: ' + v.intervals_missed + ' of ' + v.intervals_judged + ' intervals' +
      (v.horizon && !v.horizon.met ? ' and the whole horizon' : '') + ' (judged on ' + rule + ').</p><ul>';
    for (const m of (v.horizon && v.horizon.misses) || []) h += '<li>horizon: ' + missText(m) + '</li>';
    if (v.worst) h += '<li>worst interval ' + esc(scopeLabel(v.worst)) + ': ' + v.worst.misses.map(missText).join('; ') + '</li>';
    for (const d of v.days || []) if (!d.met) h += '<li>day ' + d.day + ': ' + d.misses.map(missText).join('; ') + '</li>';
    h += '</ul>';
    if ((v.missed || []).length) {
      h += '<details><summary>' + v.missed.length + ' missed interval(s)</summary><table id="missed-table"><tr><th>interval</th><th>what misses</th></tr>';
      for (const i of v.missed) h += '<tr><td>' + esc(scopeLabel(i)) + '</td><td style="text-align:left">' + i.misses.map(missText).join('; ') + '</td></tr>';
      h += '</table></details>';
    }
  }
  return h + '</div>';
}

function renderCosts(report) {
  const c = report.costs;
  if (!c) return '';
  let h = '<h2>Costs per day</h2><table><tr><th>group</th><th>cost</th><th>per handled call</th></tr>';
  for (const [name, g] of Object.entries(c.groups)) h += '<tr><td>' + esc(name) + '</td><td>' + est(g.total, 1, 2) + '</td><td>' + est(g.cost_per_handled_call, 1, 2) + '</td></tr>';
  h += '<tr class="total"><td>all</td><td>' + est(c.total, 1, 2) + '</td><td>' + est(c.cost_per_handled_call, 1, 2) + '</td></tr></table>';
  for (const s of c.sla || []) h += '<p>SLA of ' + esc(s.group) + ' per ' + esc(s.period) + ': met with probability ' + est(s.p_met, 100, 0, '%') + '</p>';
  return h;
}

function renderRun(p) {
  const res = p.result;
  $('run-table').innerHTML = dayTable(res.report);
  $('run-verdicts').innerHTML = renderVerdicts(res.report);
  $('run-costs').innerHTML = renderCosts(res.report);
  $('run-warnings').innerHTML = (res.report.warnings || []).map((w) => '<p class="warn">warning: ' + esc(w) + '</p>').join('');
  $('run-charts').innerHTML = res.charts.map((c) => '<figure data-chart="' + esc(c.name) + '">' + c.svg + '</figure>').join('');
  const base = '/api/run/' + p.id + '/download/';
  $('run-downloads').innerHTML = 'Download: ' + ['json', 'csv', 'html', 'toml'].map((k) =>
    '<a href="' + base + k + '" download>' + { json: 'JSON', csv: 'CSV', html: 'HTML report', toml: 'scenario' }[k] + '</a>').join('');
}

async function startRun() {
  if (!state.valid) { setStatus($('run-status'), 'fix the scenario first (Scenario tab)', 'bad'); return; }
  const body = { toml: $('toml').value };
  if ($('run-reps').value) body.replications = Number($('run-reps').value);
  if ($('run-seed').value) body.seed = Number($('run-seed').value);
  const r = await api('POST', '/api/run', body);
  if (r.status !== 202) {
    const problems = (r.data.problems || []).map((p) => p.path + ': ' + p.message).join('; ');
    setStatus($('run-status'), (r.data.error || 'failed') + (problems ? ': ' + problems : ''), 'bad');
    return;
  }
  state.run = r.data.id;
  $('run-cancel').disabled = false;
  $('run-start').disabled = true;
  $('run-progress').max = r.data.total;
  $('run-progress').value = 0;
  setStatus($('run-status'), 'running');
  poll(r.data.id);
}

async function poll(id) {
  const r = await api('GET', '/api/run/' + id);
  if (state.run !== id) return;
  if (r.status !== 200) { setStatus($('run-status'), r.data.error, 'bad'); finishRun(); return; }
  const p = r.data;
  $('run-progress').value = p.done;
  if (p.state === 'running') {
    setStatus($('run-status'), 'running: ' + p.done + ' of ' + p.total + ' replications');
    setTimeout(() => poll(id), 250);
    return;
  }
  finishRun();
  if (p.state === 'done') { renderRun(p); setStatus($('run-status'), 'done: ' + p.total + ' replications', 'ok'); }
  else setStatus($('run-status'), p.state + (p.message ? ': ' + p.message : ''), 'bad');
}
function finishRun() { $('run-cancel').disabled = true; $('run-start').disabled = false; }
$('run-start').addEventListener('click', startRun);
$('run-cancel').addEventListener('click', () => { if (state.run) api('POST', '/api/run/' + state.run + '/cancel'); });
window.addEventListener('pagehide', () => {
  if (state.run && $('run-cancel').disabled === false) navigator.sendBeacon('/api/run/' + state.run + '/cancel');
});

// ---------- compare ----------
async function compare() {
  const scenarios = [{ toml: $('toml').value }];
  for (const el of document.querySelectorAll('#compare-list input:checked')) {
    const r = await api('GET', '/api/scenarios/' + encodeURIComponent(el.value));
    scenarios.push({ toml: r.data.toml });
  }
  if (scenarios.length < 2) { setStatus($('compare-status'), 'tick at least one scenario to compare with', 'bad'); return; }
  setStatus($('compare-status'), 'simulating…');
  const r = await api('POST', '/api/compare', { scenarios, replications: Number($('compare-reps').value) || undefined });
  if (r.status !== 200) { setStatus($('compare-status'), r.data.error + (r.data.problems ? ': ' + r.data.problems.map((p) => p.path + ': ' + p.message).join('; ') : ''), 'bad'); return; }
  setStatus($('compare-status'), 'done', 'ok');
  $('compare-table').textContent = r.data.table;
  $('compare-charts').innerHTML = r.data.charts.map((c) => '<figure>' + c.svg + '</figure>').join('');
}
$('compare-start').addEventListener('click', compare);

// ---------- staff ----------
async function staff() {
  setStatus($('staff-status'), 'searching…');
  const r = await api('POST', '/api/staff', { toml: $('toml').value, group: $('staff-group').value || undefined, replications: Number($('staff-reps').value) || undefined, criterion: $('staff-criterion').value });
  if (r.status !== 200) { setStatus($('staff-status'), r.data.error + (r.data.problems ? ': ' + r.data.problems.map((p) => p.path + ': ' + p.message).join('; ') : ''), 'bad'); return; }
  const s = r.data.staff;
  setStatus($('staff-status'), 'done: group "' + s.group + '", ' + s.evaluations + ' staffings simulated', 'ok');
  let h = '<table id="staff-result"><tr><th>interval</th><th>load (Erlangs)</th><th>Erlang C</th><th>Erlang A</th><th>simulation</th><th>SL</th><th>ASA s</th><th>abandon</th><th>status</th></tr>';
  for (const i of s.intervals) {
    h += '<tr><td>' + esc(i.start) + '</td><td>' + num(i.offered_load_erlangs) + '</td><td>' + (i.erlang_c_agents ?? '-') + '</td><td>' + (i.erlang_a_agents ?? '-') +
      '</td><td><b>' + i.agents + '</b></td><td>' + est(i.service_level, 100, 1, '%') + '</td><td>' + est(i.asa_seconds, 1, 1) + '</td><td>' + est(i.abandon_rate, 100, 1, '%') + '</td><td>' + esc(i.status) + '</td></tr>';
  }
  const t = s.totals;
  h += '<tr class="total"><td>agent-hours</td><td></td><td>' + num(t.erlang_c_agent_hours) + '</td><td>' + num(t.erlang_a_agent_hours) + '</td><td>' + num(t.simulation_agent_hours) + '</td><td colspan="4"></td></tr></table>';
  $('staff-table').innerHTML = h;
  $('staff-text').textContent = r.data.table;
}
$('staff-start').addEventListener('click', staff);

// ---------- what-if ----------
let wiReset = true;
let wiBusy = false;
let wiAgain = false;
function wiOutputs() {
  $('wi-agents-out').textContent = $('wi-agents').value;
  $('wi-calls-out').textContent = Number($('wi-calls').value).toFixed(2) + '×';
  $('wi-aht-out').textContent = $('wi-aht').value;
  $('wi-patience-out').textContent = $('wi-use-patience').checked ? $('wi-patience').value : 'as is';
}
async function whatIf() {
  if (!state.valid) { setStatus($('wi-status'), 'open a valid scenario first', 'bad'); return; }
  if (wiBusy) { wiAgain = true; return; }
  wiBusy = true;
  const body = { toml: $('toml').value, group: $('wi-group').value || undefined };
  if (!wiReset) {
    body.agents = Number($('wi-agents').value);
    body.calls_factor = Number($('wi-calls').value);
    body.aht_seconds = Number($('wi-aht').value);
    if ($('wi-use-patience').checked) body.patience_seconds = Number($('wi-patience').value);
  } else if (state.lesson && state.lesson.preset) {
    const p = state.lesson.preset;
    if (p.agents) body.agents = p.agents;
    body.calls_factor = p.calls_factor;
  }
  setStatus($('wi-status'), 'computing…');
  const r = await api('POST', '/api/whatif', body);
  wiBusy = false;
  if (r.status !== 200) {
    setStatus($('wi-status'), r.data.error + (r.data.problems ? ': ' + r.data.problems.map((p) => p.path + ': ' + p.message).join('; ') : ''), 'bad');
  } else {
    const w = r.data;
    if (wiReset) {
      wiReset = false;
      $('wi-agents').max = Math.max(200, w.agents * 2);
      $('wi-agents').value = w.agents;
      $('wi-aht').value = Math.round(w.aht_seconds);
      $('wi-calls').value = body.calls_factor || 1;
      if (w.patience_seconds) $('wi-patience').value = Math.round(w.patience_seconds);
    }
    wiOutputs();
    setStatus($('wi-status'), w.replications + ' replications per point, ' + w.simulated_calls + ' calls simulated in ' + w.seconds.toFixed(2) + ' s', 'ok');
    const f = (x, key, scale, d, unit) => x ? (scale === 100 ? pct(x[key], d) : num(x[key], d)) : '-';
    const s = w.simulation;
    $('wi-figures').innerHTML = '<tr><th>' + w.agents + ' agents</th><th>simulation</th><th>Erlang C</th><th>Erlang A</th></tr>' +
      '<tr><td>answered within ' + w.threshold_seconds + ' s</td><td id="wi-sl">' + est(s.service_level, 100, 1, '%') + '</td><td>' + f(w.erlang_c, 'service_level', 100, 1) + '</td><td>' + f(w.erlang_a, 'service_level', 100, 1) + '</td></tr>' +
      '<tr><td>ASA, s</td><td>' + est(s.asa_seconds, 1, 1) + '</td><td>' + f(w.erlang_c, 'asa_seconds', 1, 1) + '</td><td>' + f(w.erlang_a, 'asa_seconds', 1, 1) + '</td></tr>' +
      '<tr><td>abandoned</td><td>' + est(s.abandon_rate, 100, 1, '%') + '</td><td>' + f(w.erlang_c, 'abandon_rate', 100, 1) + '</td><td>' + f(w.erlang_a, 'abandon_rate', 100, 1) + '</td></tr>' +
      '<tr><td>occupancy</td><td>' + est(s.occupancy, 100, 1, '%') + '</td><td>' + f(w.erlang_c, 'occupancy', 100, 1) + '</td><td>' + f(w.erlang_a, 'occupancy', 100, 1) + '</td></tr>';
    const sim = Object.fromEntries(w.points.map((p) => [p.agents, p.service_level]));
    $('wi-curve').innerHTML = '<tr><th>agents</th><th>Erlang C</th><th>Erlang A</th><th>simulation</th></tr>' +
      w.curve.map((c) => '<tr' + (c.agents === w.agents ? ' class="total"' : '') + '><td>' + c.agents + '</td><td>' + pct(c.erlang_c) + '</td><td>' + pct(c.erlang_a) + '</td><td>' + (sim[c.agents] ? est(sim[c.agents], 100, 1, '%') : '') + '</td></tr>').join('');
    $('wi-chart').innerHTML = w.chart;
    $('wi-chart').dataset.agents = w.agents;
    $('wi-notes').innerHTML = w.notes.map((n) => '<li>' + esc(n) + '</li>').join('');
  }
  if (wiAgain) { wiAgain = false; whatIf(); }
}
for (const id of ['wi-agents', 'wi-calls', 'wi-aht', 'wi-patience']) {
  $(id).addEventListener('input', () => { wiOutputs(); whatIf(); });
}
$('wi-use-patience').addEventListener('change', () => { wiOutputs(); whatIf(); });
$('wi-group').addEventListener('change', () => { wiReset = true; whatIf(); });

// ---------- lessons ----------
function markdown(text) {
  const lines = text.split('\n');
  let h = '';
  let list = null; let inCode = false; let para = []; let item = null; let table = [];
  const inline = (s) => esc(s).replace(/`([^`]+)`/g, '<code>$1</code>').replace(/\*\*([^*]+)\*\*/g, '<b>$1</b>').replace(/\*([^*]+)\*/g, '<i>$1</i>');
  const flushItem = () => { if (item !== null) { h += '<li>' + inline(item) + '</li>'; item = null; } };
  const flushList = () => { flushItem(); if (list) { h += '</' + list + '>'; list = null; } };
  const flushPara = () => { if (para.length) { h += '<p>' + inline(para.join(' ')) + '</p>'; para = []; } };
  const flushTable = () => {
    if (!table.length) return;
    const cells = (row) => row.replace(/^\||\|$/g, '').split('|').map((c) => c.trim());
    const rows = table.filter((r) => !/^\|[\s|:-]+\|$/.test(r));
    h += '<table class="lesson-table"><tr>' + cells(rows[0]).map((c) => '<th>' + inline(c) + '</th>').join('') + '</tr>' +
      rows.slice(1).map((r) => '<tr>' + cells(r).map((c) => '<td>' + inline(c) + '</td>').join('') + '</tr>').join('') + '</table>';
    table = [];
  };
  const flushAll = () => { flushPara(); flushList(); flushTable(); };
  for (const line of lines) {
    if (line.startsWith('```')) { flushAll(); h += inCode ? '</pre>' : '<pre>'; inCode = !inCode; continue; }
    if (inCode) { h += esc(line) + '\n'; continue; }
    const head = /^(#{1,4})\s+(.*)$/.exec(line);
    const li = /^(?:([-*])|\d+\.)\s+(.*)$/.exec(line);
    if (head) { flushAll(); const n = head[1].length + 1; h += '<h' + n + '>' + inline(head[2]) + '</h' + n + '>'; }
    else if (line.startsWith('|')) { flushPara(); flushList(); table.push(line.trim()); }
    else if (li) {
      flushPara(); flushTable(); flushItem();
      const kind = li[1] ? 'ul' : 'ol';
      if (list !== kind) { flushList(); h += '<' + kind + '>'; list = kind; }
      item = li[2];
    }
    else if (line.trim() === '') { flushAll(); }
    else if (item !== null && /^\s/.test(line)) { item += ' ' + line.trim(); }
    else { flushList(); flushTable(); para.push(line); }
  }
  flushAll();
  return h;
}

async function openLesson(id) {
  const r = await api('GET', '/api/lessons/' + encodeURIComponent(id));
  if (r.status !== 200) return;
  const l = r.data;
  state.lesson = l;
  $('lesson').innerHTML = '<p>' + l.scenarios.map((s, i) => '<button data-i="' + i + '">Open ' + esc(s.file) + '</button>').join(' ') +
    ' <button id="lesson-whatif">What-if with this lesson\'s sliders</button></p>' + markdown(l.text);
  $('lesson').querySelectorAll('button[data-i]').forEach((b) => b.addEventListener('click', async () => { await loadText(l.scenarios[Number(b.dataset.i)].toml); showTab('scenario'); }));
  $('lesson-whatif').addEventListener('click', async () => { await loadText(l.scenarios[l.preset.scenario].toml); showTab('whatif'); });
  await loadText(l.scenarios[l.preset.scenario].toml);
}

// ---------- start ----------
(async function init() {
  wiOutputs();
  const r = await api('GET', '/api/scenarios');
  $('shipped').innerHTML = r.data.map((s) => '<option value="' + esc(s.id) + '">' + esc(s.name) + ' (' + esc(s.id) + ')</option>').join('');
  $('compare-list').innerHTML = r.data.map((s) => '<label><input type="checkbox" value="' + esc(s.id) + '"> ' + esc(s.name) + '</label>').join('');
  const l = await api('GET', '/api/lessons');
  $('lesson-list').innerHTML = l.data.map((x) => '<li data-id="' + esc(x.id) + '">' + esc(x.title) + '</li>').join('');
  $('lesson-list').querySelectorAll('li').forEach((li) => li.addEventListener('click', () => openLesson(li.dataset.id)));
  await openShipped('erlang-c-classroom');
  document.body.setAttribute('data-ready', '1');
})();
