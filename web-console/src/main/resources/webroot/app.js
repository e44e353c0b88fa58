// Gristmill console: hash-routed views over the coordinator's REST API and its event stream.
// Every value that comes from users or jobs is put into the page as text (DOM APIs and textContent only).

const ENDED = new Set(['SUCCEEDED', 'FAILED', 'KILLED']);
const JOB_STATES = ['PLANNING', 'RUNNING', 'COMMITTING', 'FAILING', 'KILLING', 'SUCCEEDED', 'FAILED', 'KILLED'];
const TASK_STATES = ['PENDING', 'RUNNING', 'SUCCEEDED', 'FAILED', 'KILLED'];
const SVG = 'http://www.w3.org/2000/svg';
const CHART_POINTS = 120;

const main = document.getElementById('main');
const connection = document.getElementById('connection');

let snapshot = null;       // the last snapshot from /api/v1/events
let clockSkew = 0;         // server time minus browser time, ms
let stream = null;         // the EventSource, the query it was opened with, and the job it asks for
let streamQuery = null;
let streamJob = null;
let view = null;           // the current view: {render(), close()}
let jobFilter = '';
let workerFilter = '';
const PAGE_SIZE = 100;      // rows a list shows at once; the server sends that page only, not thousands of rows twice a second

// ------------------------------------------------------------------ DOM helpers

/** Creates an element; strings and numbers among the children become text nodes, never markup. */
function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function svg(tag, attrs = {}, ...children) {
  const el = document.createElementNS(SVG, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el, attrs) {
  for (const [key, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (key.startsWith('on')) el.addEventListener(key.slice(2), value);
    else el.setAttribute(key, value === true ? '' : String(value));
  }
}

function append(el, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
}

/** Replaces the element's children; like {@link h}, it skips null children and puts strings in as text. */
function fill(el, ...children) {
  el.replaceChildren();
  append(el, children);
}

const now = () => Date.now() + clockSkew;

function fmtTime(ms) {
  return ms ? new Date(ms).toLocaleTimeString() : '–';
}

function fmtDateTime(ms) {
  return ms ? new Date(ms).toLocaleString() : '–';
}

function fmtDuration(from, to) {
  if (!from) return '–';
  const s = Math.max(0, ((to || now()) - from) / 1000);
  if (s < 60) return s.toFixed(1) + ' s';
  if (s < 3600) return Math.floor(s / 60) + ' min ' + Math.floor(s % 60) + ' s';
  return Math.floor(s / 3600) + ' h ' + Math.floor((s % 3600) / 60) + ' min';
}

function fmtNumber(n) {
  return n === undefined || n === null ? '–' : Number(n).toLocaleString();
}

function fmtBytes(n) {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let i = 0;
  while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
  return (i ? n.toFixed(1) : Math.round(n)) + ' ' + units[i];
}

const stateBadge = (state) => h('span', { class: 'state ' + state }, state);

function progressBar(fraction, wide = false, done = false) {
  const pct = Math.round(Math.max(0, Math.min(1, fraction || 0)) * 100);
  return h('div', { class: 'progress' + (wide ? ' wide' : '') + (done ? ' done' : ''), role: 'progressbar',
    'aria-valuenow': pct, 'aria-valuemin': 0, 'aria-valuemax': 100 },
  h('div', { style: `width: ${pct}%` }), h('span', {}, pct + '%'));
}

function table(headers, rows, attrs = {}) {
  return h('table', attrs, h('thead', {}, h('tr', {}, headers.map((t) => h('th', {}, t)))), h('tbody', {}, rows));
}

/**
 * The controls of a long list the server pages: which rows show out of how many (`total`, the server's count of the
 * whole filtered list), and buttons that move `paging.page` (from 0) and call `go`. Null when one page holds all,
 * unless `always` (a job's tasks: the count tells how many the filter left).
 */
function pager(total, shown, paging, go, id, always = false) {
  if (!always && total <= PAGE_SIZE && paging.page === 0) return null;
  const pages = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const from = paging.page * PAGE_SIZE;
  const move = (page) => { paging.page = Math.max(0, Math.min(page, pages - 1)); go(); };
  return h('div', { class: 'pager', id, 'data-total': total },
    h('button', { class: 'prev', disabled: paging.page === 0 ? '' : null, onclick: () => move(paging.page - 1) }, '‹ Previous'),
    h('span', { class: 'muted' }, shown === 0 ? ` none of ${fmtNumber(total)} ` : ` ${fmtNumber(from + 1)}–${fmtNumber(from + shown)} of ${fmtNumber(total)} `),
    h('button', { class: 'next', disabled: paging.page >= pages - 1 ? '' : null, onclick: () => move(paging.page + 1) }, 'Next ›'));
}

/** The event-stream query of one page of a list: `lists`, `offset`, `limit` and the filters given. */
function pageQuery(list, paging, filters = {}) {
  return { lists: list, ...pageRange(paging, 'offset', 'limit'), ...filters };
}

/** The page `paging` is on as the two query parameters named `offset` and `limit` (`taskOffset`/`taskLimit`). */
function pageRange(paging, offset, limit) {
  return { [offset]: paging.page * PAGE_SIZE, [limit]: PAGE_SIZE };
}

const gristmill = (counters) => (counters && counters.gristmill) || {};

// ------------------------------------------------------------------ server access

function token() {
  return sessionStorage.getItem('gristmill.token');
}

async function api(path, options = {}) {
  const headers = new Headers(options.headers || {});
  if (token()) headers.set('Authorization', 'Bearer ' + token());
  const response = await fetch(path, { ...options, headers });
  const body = await response.json().catch(() => ({}));
  if (response.status === 401) askForToken();
  if (!response.ok) {
    const error = new Error(body.error || response.statusText);
    error.field = body.field;
    error.status = response.status;
    throw error;
  }
  return body;
}

/**
 * Opens (or keeps) the event stream for `query`: `lists` (the lists the view shows: 'jobs', 'workers' or ''), their
 * `offset`/`limit`/`state`/`alive`, and `job` (that job and a page of its tasks: `taskOffset`/`taskLimit`/`taskState`).
 * A view asks for the one page it shows.
 */
function connect(query) {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) {
    if (value !== null && value !== undefined) params.set(key, String(value));
  }
  const key = params.toString();
  if (stream && streamQuery === key) return;
  if (stream) stream.close();
  streamQuery = key;
  streamJob = query.job || null;
  snapshot = null; // the last view's rows are not this one's
  if (token()) params.set('token', token());
  const jobId = streamJob;
  stream = new EventSource('/api/v1/events?' + params);
  stream.addEventListener('snapshot', (event) => {
    const data = JSON.parse(event.data);
    clockSkew = data.serverTime - Date.now();
    snapshot = { ...data.snapshot, jobId };
    connection.textContent = 'live';
    connection.className = 'connection live';
    if (view) view.render();
  });
  // after the snapshot only what changed arrives: items added or replaced (by id) and ids removed
  stream.addEventListener('changes', (event) => {
    const data = JSON.parse(event.data);
    clockSkew = data.serverTime - Date.now();
    if (!snapshot) return; // a snapshot always comes first; the server sends one again after a gap
    const { changes } = data;
    if (changes.jobs) snapshot.jobs = applyChanges(snapshot.jobs, changes.jobs, 'id');
    if (changes.workers) snapshot.workers = applyChanges(snapshot.workers, changes.workers, 'id');
    if (changes.jobsTotal !== undefined) snapshot.jobsTotal = changes.jobsTotal;
    if (changes.workersTotal !== undefined) snapshot.workersTotal = changes.workersTotal;
    if (changes.tasks) snapshot.tasks = applyChanges(snapshot.tasks || [], changes.tasks, 'taskId');
    if (changes.tasksTotal !== undefined) snapshot.tasksTotal = changes.tasksTotal;
    if (changes.job) snapshot.job = changes.job;
    if (view) view.render();
  });
  stream.addEventListener('error', () => {
    connection.textContent = 'reconnecting…';
    connection.className = 'connection down';
    // EventSource hides the status: ask again to tell a missing token or an unknown job from a lost connection
    api(streamJob ? '/api/v1/jobs/' + encodeURIComponent(streamJob) : '/api/v1/workers?limit=1').catch((e) => {
      if (e.status === 404 && stream) stream.close();
      if (view && view.failed) view.failed(e);
    });
  });
}

/**
 * The list with `change.upsert` items replacing (or following) those with the same key, `change.remove` gone, and in
 * the order of `change.order` (the page's keys) when the server sends one.
 */
function applyChanges(list, change, key) {
  const byKey = new Map(list.map((item) => [item[key], item]));
  for (const id of change.remove || []) byKey.delete(id);
  for (const item of change.upsert || []) byKey.set(item[key], item);
  if (change.order) return change.order.map((id) => byKey.get(id)).filter(Boolean);
  return [...byKey.values()];
}

function askForToken() {
  if (document.getElementById('token-form')) return;
  const input = h('input', { type: 'password', name: 'token', autocomplete: 'off' });
  fill(main, h('section', { class: 'card' },
    h('h1', {}, 'Token required'),
    h('p', {}, 'This coordinator requires a bearer token (printed when it started, or in its state folder).'),
    h('form', { id: 'token-form', onsubmit: (e) => {
      e.preventDefault();
      sessionStorage.setItem('gristmill.token', input.value.trim());
      if (stream) stream.close();
      stream = null;
      route();
    } }, input, ' ', h('button', { class: 'primary' }, 'Use token'))));
  view = null;
}

// ------------------------------------------------------------------ throughput charts

/** A line chart of a rate, sampled once a second from a growing total. */
class RateChart {
  constructor(title, total, format) {
    this.total = total;
    this.format = format;
    this.last = null;
    this.canvas = h('canvas');
    this.element = h('div', {}, h('h2', {}, title), h('div', { class: 'chart' }, this.canvas));
    this.chart = window.Chart ? new window.Chart(this.canvas, {
      type: 'line',
      data: { labels: [], datasets: [{ label: title, data: [], borderColor: '#2f6feb', backgroundColor: 'rgba(47,111,235,.15)',
        fill: true, pointRadius: 0, tension: 0.2 }] },
      options: { animation: false, maintainAspectRatio: false, plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true, ticks: { callback: (v) => format(v) } }, x: { ticks: { maxTicksLimit: 6 } } } },
    }) : null;
    if (!this.chart) this.element.append(h('p', { class: 'muted' }, 'chart.js is not available'));
  }

  sample() {
    if (!this.chart || !snapshot) return;
    const value = this.total();
    const t = performance.now();
    if (value === null) return;
    const rate = this.last && value >= this.last.value ? (value - this.last.value) / ((t - this.last.t) / 1000) : 0;
    this.last = { value, t };
    const { labels, datasets } = this.chart.data;
    labels.push(new Date(now()).toLocaleTimeString());
    datasets[0].data.push(rate);
    if (labels.length > CHART_POINTS) { labels.shift(); datasets[0].data.shift(); }
    this.chart.update('none');
  }

  destroy() {
    if (this.chart) this.chart.destroy();
  }
}

/** Records/s and shuffle bytes/s of the jobs {@code pick} returns, as two charts. */
function throughputCharts(pick) {
  const sum = (name) => () => {
    const jobs = pick();
    return jobs === null ? null : jobs.reduce((total, job) => total + (gristmill(job.counters)[name] || 0), 0);
  };
  const charts = [
    new RateChart('Records/s (map input)', sum('MAP_INPUT_RECORDS'), (v) => fmtNumber(Math.round(v))),
    new RateChart('Shuffle bytes/s', sum('SHUFFLE_BYTES'), (v) => fmtBytes(v) + '/s'),
  ];
  const timer = setInterval(() => charts.forEach((c) => c.sample()), 1000);
  return {
    element: h('section', { class: 'card charts' }, charts.map((c) => c.element)),
    close() { clearInterval(timer); charts.forEach((c) => c.destroy()); },
  };
}

// ------------------------------------------------------------------ views

function jobsView() {
  const paging = { page: 0 };
  const ask = () => connect(pageQuery('jobs', paging, { state: jobFilter || null }));
  ask();
  const filter = h('select', { id: 'state-filter', onchange: () => { jobFilter = filter.value; paging.page = 0; ask(); render(); } },
    h('option', { value: '' }, 'all states'), JOB_STATES.map((s) => h('option', { value: s }, s)));
  filter.value = jobFilter;
  const list = h('div');
  const charts = throughputCharts(() => (snapshot && snapshot.jobs ? snapshot.jobs : null));
  fill(main, h('h1', {}, 'Jobs'), charts.element,
    h('div', { class: 'toolbar' }, h('label', {}, 'State ', filter), h('a', { href: '#/submit' }, 'Submit a job…')), list);

  function render() {
    if (!snapshot || !snapshot.jobs) return;
    const jobs = snapshot.jobs; // this page, newest first, filtered by the server
    const controls = pager(snapshot.jobsTotal, jobs.length, paging, () => { ask(); render(); }, 'jobs-pager');
    fill(list, controls, jobs.length === 0 ? h('p', { class: 'muted' }, 'No jobs.') : table(
      ['Name', 'Id', 'State', 'Submitted', 'Duration', 'Map', 'Reduce', 'Params'],
      jobs.map((j) => h('tr', { 'data-job': j.id },
        h('td', {}, h('a', { href: '#/jobs/' + encodeURIComponent(j.id), class: 'job-name' }, j.name)),
        h('td', { class: 'muted' }, j.id),
        h('td', { class: 'job-state' }, stateBadge(j.state)),
        h('td', {}, fmtDateTime(j.submittedAt)),
        h('td', {}, fmtDuration(j.startedAt || j.submittedAt, j.finishedAt)),
        h('td', {}, progressBar(j.maps.progress, false, j.maps.succeeded === j.maps.total)),
        h('td', {}, progressBar(j.reduces.progress, false, j.reduces.succeeded === j.reduces.total)),
        h('td', { class: 'params' }, Object.entries(j.params).map(([k, v]) => k + '=' + v).join(' ')))),
      { id: 'jobs' }));
  }
  render();
  return { render, close: charts.close };
}

function jobView(jobId) {
  // a job may have 200,000 tasks: the page shows (and the server sends) 100 of them, filtered by state
  const paging = { page: 0 };
  let taskFilter = '';
  const ask = () => connect({ lists: '', job: jobId, ...pageRange(paging, 'taskOffset', 'taskLimit'),
    taskState: taskFilter || null });
  ask();
  const openDetails = new Set(); // stack traces the user opened stay open across updates
  let notice = null;
  const header = h('div');
  const body = h('div');
  const timelineBody = h('div');
  const taskList = h('div');
  const filter = h('select', { id: 'task-filter', onchange: () => { taskFilter = filter.value; paging.page = 0; ask(); render(); } },
    h('option', { value: '' }, 'all states'), TASK_STATES.map((s) => h('option', { value: s }, s)));
  const charts = throughputCharts(() => (snapshot && snapshot.job ? [snapshot.job] : null));
  fill(main, header, body,
    h('section', { class: 'card timeline', id: 'timeline' }, h('h2', {}, 'Timeline (attempts per worker slot)'), timelineBody),
    h('section', { class: 'card' }, h('h2', {}, 'Tasks'), h('div', { class: 'toolbar' }, h('label', {}, 'State ', filter)), taskList),
    charts.element);

  async function kill(job) {
    if (!confirm(`Kill job ${job.name} (${job.id})?`)) return;
    try {
      await api('/api/v1/jobs/' + encodeURIComponent(job.id) + '/kill', { method: 'POST' });
    } catch (e) {
      notice = 'Kill failed: ' + e.message;
      render();
    }
  }

  function render() {
    if (!snapshot || !snapshot.job) return;
    const { job } = snapshot;
    const tasks = snapshot.tasks || []; // this page of the tasks, maps first, filtered by the server
    const total = job.maps.total + job.reduces.total;
    const overall = job.state === 'SUCCEEDED' ? 1
      : total ? (job.maps.progress * job.maps.total + job.reduces.progress * job.reduces.total) / total : 0;
    fill(header,
      h('h1', {}, h('span', { id: 'job-name' }, job.name), ' ', h('span', { id: 'job-state' }, stateBadge(job.state)),
        ' ', ENDED.has(job.state) ? null : h('button', { id: 'kill', class: 'danger', onclick: () => kill(job) }, 'Kill')),
      job.pipeline ? h('p', { class: 'muted' }, `Step ${job.pipeline.step}, round ${job.pipeline.round}, of pipeline `,
        h('a', { id: 'job-pipeline', href: '#/pipelines/' + encodeURIComponent(job.pipeline.id) }, job.pipeline.id)) : null,
      notice ? h('p', { class: 'error', role: 'alert' }, notice) : null,
      h('section', { class: 'card' }, h('h2', {}, 'Progress'), progressBar(overall, true, job.state === 'SUCCEEDED'),
        h('p', { class: 'muted' }, `maps ${job.maps.succeeded}/${job.maps.total} · reduces ${job.reduces.succeeded}/${job.reduces.total}`
          + ` · running ${job.maps.running + job.reduces.running} · ${fmtDuration(job.startedAt || job.submittedAt, job.finishedAt)}`)));
    fill(body,
      job.error ? h('section', { class: 'card error-box' }, h('h2', { class: 'error' }, job.state === 'KILLED' ? 'Killed' : 'Failed'),
        h('p', { id: 'job-error' }, job.error), job.errorTask ? h('p', {}, 'Task: ', job.errorTask) : null,
        job.errorStackTrace ? h('pre', {}, job.errorStackTrace) : null) : null,
      h('div', { class: 'grid' },
        h('section', { class: 'card' }, h('h2', {}, 'Configuration'), configuration(job)),
        h('section', { class: 'card' }, h('h2', {}, 'Counters'), counters(job.counters))),
      job.skippedRecords && job.skippedRecords.length ? h('section', { class: 'card', id: 'skipped-records' },
        h('h2', {}, `Skipped records (${job.skippedRecords.length})`),
        table(['Task', 'File', 'Byte offset', 'Record', 'Error'], job.skippedRecords.map((r) => h('tr', {},
          h('td', {}, r.task), h('td', {}, r.file), h('td', { class: 'num' }, r.offset < 0 ? '–' : fmtNumber(r.offset)),
          h('td', { class: 'num' }, fmtNumber(r.index)), h('td', { class: 'error' }, r.error))))) : null,
      job.excludedWorkers && Object.keys(job.excludedWorkers).length ? h('section', { class: 'card', id: 'excluded-workers' },
        h('h2', {}, 'Excluded workers'),
        table(['Worker', 'Why'], Object.entries(job.excludedWorkers).map(([w, why]) => h('tr', {},
          h('td', {}, w), h('td', {}, why))))) : null);
    const paged = snapshot.tasksTotal > tasks.length;
    fill(timelineBody, paged ? h('p', { class: 'muted', id: 'timeline-scope' },
      `The attempts of the ${fmtNumber(tasks.length)} tasks on this page of the task list below, not of all ${fmtNumber(snapshot.tasksTotal)}.`) : null,
    timeline(tasks));
    // an ended job whose tasks the coordinator no longer keeps (an earlier run's, or given up for newer ones) has none
    const tasksGone = ENDED.has(job.state) && !taskFilter && snapshot.tasksTotal === 0 && job.maps.total + job.reduces.total > 0;
    if (tasksGone) {
      fill(taskList, h('p', { class: 'muted', id: 'tasks-gone' }, 'The coordinator no longer keeps this job\'s tasks: it '
        + 'ran under an earlier coordinator, or newer ended jobs hold the tasks it keeps (its --kept-tasks). The status above stays.'));
      return;
    }
    fill(taskList, pager(snapshot.tasksTotal, tasks.length, paging, () => { ask(); render(); }, 'tasks-pager', true),
      tasks.length === 0 && taskFilter ? h('p', { class: 'muted' }, `No ${taskFilter} tasks.`) : taskTable(tasks, openDetails));
  }

  function failed(e) {
    fill(header, h('p', { class: 'error' }, e.message));
  }

  render();
  return { render, failed, close: charts.close };
}

function configuration(job) {
  const rows = [['Id', job.id], ['Output', job.output], ['Map tasks', job.maps.total], ['Reduce tasks', job.reduces.total],
    ['Submitted', fmtDateTime(job.submittedAt)], ['Started', fmtDateTime(job.startedAt)], ['Finished', fmtDateTime(job.finishedAt)]];
  for (const [k, v] of Object.entries(job.params)) rows.push(['param ' + k, v]);
  for (const name of job.sideFiles || []) rows.push(['side file', name]);
  return h('dl', { class: 'kv' }, rows.map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]));
}

function counters(all) {
  const groups = Object.keys(all).sort((a, b) => (a === 'gristmill' ? -1 : b === 'gristmill' ? 1 : a.localeCompare(b)));
  if (groups.length === 0) return h('p', { class: 'muted' }, 'No counters yet (they count finished tasks).');
  return groups.map((group) => [
    h('h3', {}, group === 'gristmill' ? 'Built-in' : group),
    table(['Counter', 'Value'], Object.entries(all[group]).sort().map(([name, value]) =>
      h('tr', {}, h('td', {}, name), h('td', { class: 'num' }, fmtNumber(value))))),
  ]);
}

function attemptRecords(task, attempt) {
  const c = gristmill(attempt.counters);
  return task.type === 'MAP' ? [c.MAP_INPUT_RECORDS, c.MAP_OUTPUT_RECORDS] : [c.REDUCE_INPUT_RECORDS, c.REDUCE_OUTPUT_RECORDS];
}

function taskTable(tasks, openDetails) {
  const rows = [];
  for (const task of tasks) {
    rows.push(h('tr', { class: 'task', 'data-task': task.taskId },
      h('td', {}, h('strong', {}, task.taskId)), h('td', {}, task.type), h('td', {}, stateBadge(task.state)),
      h('td', { colspan: 6, class: 'muted params' }, task.split || '')));
    for (const a of task.attempts) {
      const [recordsIn, recordsOut] = attemptRecords(task, a);
      const key = task.taskId + '/' + a.attemptId;
      let error = null;
      if (a.error) {
        error = h('details', { open: openDetails.has(key),
          ontoggle: (e) => (e.target.open ? openDetails.add(key) : openDetails.delete(key)) },
        h('summary', { class: 'error' }, a.error), a.stackTrace ? h('pre', {}, a.stackTrace) : null);
      }
      rows.push(h('tr', { class: 'attempt', 'data-attempt': a.attemptId },
        h('td', {}, a.attemptId, a.backup ? h('span', { class: 'tag backup', title: 'a speculative backup of a straggler' }, 'backup') : null,
          a.recovered ? h('span', { class: 'tag recovered', title: 'done under an earlier coordinator term and taken over as it stood' }, 'recovered') : null,
          /\.t\d+$/.test(a.attemptId) ? h('span', { class: 'tag rerun', title: 'run by the coordinator term that resumed this job' }, 'after takeover') : null),
        h('td', {}, a.workerId), h('td', {}, stateBadge(a.state)),
        h('td', {}, fmtTime(a.startedAt)), h('td', {}, fmtDuration(a.startedAt, a.finishedAt)),
        h('td', { class: 'num' }, fmtNumber(recordsIn)), h('td', { class: 'num' }, fmtNumber(recordsOut)),
        h('td', {}, progressBar(a.progress, false, a.state === 'SUCCEEDED')), h('td', {}, error)));
    }
  }
  if (rows.length === 0) return h('p', { class: 'muted' }, 'No tasks yet.');
  return table(['Task / attempt', 'Type / worker', 'State', 'Start', 'Duration', 'Records in', 'Records out', 'Progress', 'Error'],
    rows, { id: 'tasks' });
}

/**
 * A Gantt chart: one lane per worker slot, one bar per attempt. Attempts report their worker, not their slot, so each
 * worker's attempts are packed into the fewest lanes where they do not overlap (as many as it had busy slots).
 */
function timeline(tasks) {
  const attempts = tasks.flatMap((task) => task.attempts.filter((a) => a.startedAt)
    .map((a) => ({ ...a, workerId: a.workerId || '?', task, end: a.finishedAt || now() })));
  if (attempts.length === 0) return h('p', { class: 'muted' }, 'No attempts yet.');
  const lanes = [];
  const byWorker = new Map();
  for (const a of attempts.sort((x, y) => x.startedAt - y.startedAt)) {
    if (!byWorker.has(a.workerId)) byWorker.set(a.workerId, []);
    const workerLanes = byWorker.get(a.workerId);
    let lane = workerLanes.find((l) => l.end <= a.startedAt);
    if (!lane) {
      lane = { worker: a.workerId, slot: workerLanes.length + 1, end: 0, bars: [] };
      workerLanes.push(lane);
      lanes.push(lane);
    }
    lane.end = a.end;
    lane.bars.push(a);
  }
  lanes.sort((x, y) => x.worker.localeCompare(y.worker) || x.slot - y.slot);
  const start = Math.min(...attempts.map((a) => a.startedAt));
  const end = Math.max(...attempts.map((a) => a.end), start + 1);
  const labelWidth = 190, width = 1000, laneHeight = 22, top = 18;
  const x = (t) => labelWidth + ((t - start) / (end - start)) * (width - labelWidth - 10);
  const chart = svg('svg', { viewBox: `0 0 ${width} ${top + lanes.length * laneHeight + 4}`, role: 'img',
    'aria-label': 'attempt timeline' });
  for (let i = 0; i <= 4; i++) {
    const t = start + ((end - start) * i) / 4;
    chart.append(svg('text', { x: x(t), y: 12, class: 'axis', 'text-anchor': i === 0 ? 'start' : i === 4 ? 'end' : 'middle' },
      '+' + ((t - start) / 1000).toFixed(1) + ' s'));
  }
  lanes.forEach((lane, i) => {
    const y = top + i * laneHeight;
    chart.append(svg('rect', { x: labelWidth, y, width: width - labelWidth - 10, height: laneHeight - 4, class: 'lane' }));
    chart.append(svg('text', { x: 0, y: y + 13, class: 'lane-label' }, `${lane.worker} · slot ${lane.slot}`));
    for (const a of lane.bars) {
      chart.append(svg('rect', { x: x(a.startedAt), y, width: Math.max(2, x(a.end) - x(a.startedAt)), height: laneHeight - 4,
        class: `bar ${a.state} ${a.task.type}`, 'data-attempt': a.attemptId },
      svg('title', {}, `${a.task.taskId} ${a.attemptId} ${a.state} ${fmtDuration(a.startedAt, a.finishedAt)}`
        + (a.error ? ' — ' + a.error : ''))));
    }
  });
  const legend = h('div', { class: 'legend' }, ['RUNNING', 'COMMITTING', 'SUCCEEDED', 'FAILED', 'KILLED'].map((s) =>
    h('span', { style: `--c: var(--${s.toLowerCase()})` }, s)), h('span', { style: '--c: #999' }, 'reduces are lighter'));
  return [chart, legend];
}

// Pipelines are not in the event stream: their views poll the REST API once a second.
const PIPELINE_POLL_MS = 1000;

/** A view that fetches {@code path} now and every second, rendering each answer with {@code show}. */
function polled(path, show, failed) {
  let stopped = false;
  async function tick() {
    try {
      show(await api(path));
    } catch (e) {
      failed(e);
    }
    if (!stopped) timer = setTimeout(tick, PIPELINE_POLL_MS);
  }
  let timer = null;
  tick();
  return () => { stopped = true; clearTimeout(timer); };
}

function pipelinesView() {
  connect({ lists: '' });
  const list = h('div');
  fill(main, h('h1', {}, 'Pipelines'), h('p', { class: 'muted' },
    'Jars whose entry class is a PipelineDefinition: their steps run as jobs, one after another.'), list);
  const stop = polled('/api/v1/pipelines', (pipelines) => fill(list, pipelines.length === 0
    ? h('p', { class: 'muted' }, 'No pipelines.') : table(
      ['Name', 'Id', 'State', 'Submitted', 'Duration', 'Steps'],
      pipelines.map((p) => h('tr', { 'data-pipeline': p.id },
        h('td', {}, h('a', { href: '#/pipelines/' + encodeURIComponent(p.id), class: 'pipeline-name' }, p.name)),
        h('td', { class: 'muted' }, p.id),
        h('td', {}, stateBadge(p.state)),
        h('td', {}, fmtDateTime(p.submittedAt)),
        h('td', {}, fmtDuration(p.startedAt || p.submittedAt, p.finishedAt)),
        h('td', { class: 'params' }, p.steps.map((s) => s.name + ' ' + s.state.toLowerCase()).join(' → ')))),
      { id: 'pipelines' })), (e) => fill(list, h('p', { class: 'error' }, e.message)));
  return { render() {}, close: stop };
}

function pipelineView(id) {
  connect({ lists: '' });
  let notice = null;
  const header = h('div');
  const body = h('div');
  fill(main, header, body);

  async function kill(pipeline) {
    if (!confirm(`Kill pipeline ${pipeline.name} (${pipeline.id}) and its running step?`)) return;
    try {
      await api('/api/v1/pipelines/' + encodeURIComponent(pipeline.id) + '/kill', { method: 'POST' });
    } catch (e) {
      notice = 'Kill failed: ' + e.message;
    }
  }

  function show(p) {
    fill(header,
      h('h1', {}, h('span', { id: 'pipeline-name' }, p.name), ' ', h('span', { id: 'pipeline-state' }, stateBadge(p.state)),
        ' ', ENDED.has(p.state) ? null : h('button', { id: 'kill', class: 'danger', onclick: () => kill(p) }, 'Kill')),
      notice ? h('p', { class: 'error', role: 'alert' }, notice) : null);
    fill(body,
      p.error ? h('section', { class: 'card error-box' }, h('h2', { class: 'error' }, p.state === 'KILLED' ? 'Killed' : 'Failed'),
        h('p', { id: 'pipeline-error' }, p.error),
        p.errorJob ? h('p', {}, 'Step ', p.errorStep, ', job ', h('a', { href: '#/jobs/' + encodeURIComponent(p.errorJob) }, p.errorJob)) : null,
        p.errorStackTrace ? h('pre', {}, p.errorStackTrace) : null) : null,
      h('section', { class: 'card' }, h('h2', {}, 'Steps'), table(
        ['Step', 'State', 'Job class', 'Reads', 'Jobs (one per round)', 'Output'],
        p.steps.map((s) => h('tr', { 'data-step': s.name },
          h('td', {}, h('strong', {}, s.name), s.keep ? h('span', { class: 'tag', title: 'its output stays' }, 'kept') : null),
          h('td', {}, stateBadge(s.state)),
          h('td', { class: 'params' }, s.jobClass),
          h('td', { class: 'params' }, s.inputs.join(', ')),
          h('td', {}, s.jobs.map((j) => h('div', {},
            s.maxRounds > 1 ? 'round ' + j.round + ' ' : null,
            h('a', { href: '#/jobs/' + encodeURIComponent(j.jobId), class: 'step-job' }, j.jobId), ' ',
            j.state ? stateBadge(j.state) : null)),
          s.maxRounds > 1 ? h('div', { class: 'muted' }, `at most ${s.maxRounds} rounds` + (s.until ? `, until ${s.until}` : '')) : null,
          s.stopReason ? h('div', { class: 'muted' }, s.stopReason) : null),
          h('td', { class: 'params' }, s.output))),
        { id: 'steps' })),
      h('div', { class: 'grid' },
        h('section', { class: 'card' }, h('h2', {}, 'Configuration'), h('dl', { class: 'kv' },
          [['Id', p.id], ['Output', p.output], ['Submitted', fmtDateTime(p.submittedAt)], ['Started', fmtDateTime(p.startedAt)],
            ['Finished', fmtDateTime(p.finishedAt)], ...Object.entries(p.params).map(([k, v]) => ['param ' + k, v])]
            .map(([k, v]) => [h('dt', {}, k), h('dd', {}, v)]))),
        h('section', { class: 'card' }, h('h2', {}, 'Counters (last step)'), counters(p.counters))));
  }

  const stop = polled('/api/v1/pipelines/' + encodeURIComponent(id), show, (e) => fill(header, h('p', { class: 'error' }, e.message)));
  return { render() {}, close: stop };
}

function workersView() {
  const paging = { page: 0 };
  const ask = () => connect(pageQuery('workers', paging, { alive: workerFilter ? workerFilter === 'alive' : null }));
  ask();
  const list = h('div');
  const filter = h('select', { id: 'worker-filter', onchange: () => { workerFilter = filter.value; paging.page = 0; ask(); render(); } },
    h('option', { value: '' }, 'all workers'), h('option', { value: 'alive' }, 'alive'), h('option', { value: 'dead' }, 'dead'));
  filter.value = workerFilter;
  const terms = h('section', { class: 'card', id: 'coordinator-terms' });
  fill(main, h('h1', {}, 'Workers'), h('div', { class: 'toolbar' }, h('label', {}, 'Show ', filter)), list, terms);
  api('/api/v1/coordinator').then((c) => fill(terms, h('h2', {}, 'Coordinator terms'),
    c.terms.length === 0 ? h('p', { class: 'muted' }, 'This coordinator keeps no state dir: it has no terms.') : table(
      ['Term', 'Process', 'Active since'],
      c.terms.map((t) => h('tr', { 'data-term': t.number },
        h('td', {}, String(t.number), t.number === c.term ? h('span', { class: 'tag recovered' }, 'this one') : null),
        h('td', {}, t.process), h('td', {}, fmtDateTime(t.startedMillis))))))).catch(() => {});
  function render() {
    if (!snapshot || !snapshot.workers) return;
    const workers = snapshot.workers; // this page, in the order the workers registered, filtered by the server
    const controls = pager(snapshot.workersTotal, workers.length, paging, () => { ask(); render(); }, 'workers-pager');
    fill(list, controls, workers.length === 0 ? h('p', { class: 'muted' }, 'No workers have joined.') : table(
      ['Worker', 'Address', 'Slots used / total', 'Running attempts', 'Stuck (not stopping)', 'Heartbeat age', 'State', 'Died'],
      workers.map((w) => h('tr', { 'data-worker': w.id },
        h('td', {}, w.id), h('td', {}, w.address),
        h('td', { class: 'num' }, `${w.busySlots} / ${w.slots}` + (w.leftoverSlots ? ` (${w.leftoverSlots} left over)` : '')),
        h('td', { class: 'params' }, w.runningAttempts.join(' ')),
        h('td', { class: 'params error' }, (w.stuckAttempts || []).join(' ')),
        h('td', {}, w.alive ? fmtDuration(w.lastHeartbeat) : '–'),
        h('td', {}, stateBadge(w.alive ? (w.excluded ? 'excluded' : 'alive') : 'dead'),
          w.excluded ? h('span', { class: 'muted' }, ' ' + w.excluded) : null),
        h('td', {}, w.alive ? '' : fmtDateTime(w.diedAt) + (w.deathReason ? ' — ' + w.deathReason : '')))),
      { id: 'workers' }));
  }
  render();
  return { render };
}

function submitView() {
  connect({ lists: '' });
  const field = (label, input, help) => [h('label', { for: input.id }, label), h('div', {}, input, help ? h('div', { class: 'muted' }, help) : null)];
  const jar = h('input', { id: 'jar', name: 'jar', type: 'file', accept: '.jar', required: true });
  const name = h('input', { id: 'name', name: 'name', placeholder: 'default: the job class\'s name' });
  const jobClass = h('input', { id: 'jobClass', name: 'jobClass', placeholder: 'default: the jar manifest\'s Gristmill-Job' });
  const input = h('textarea', { id: 'input', name: 'input', required: true, placeholder: '/data/books/*.txt' });
  const output = h('input', { id: 'output', name: 'output', required: true, placeholder: '/data/out/wordcount' });
  const reducers = h('input', { id: 'reducers', name: 'reducers', type: 'number', min: 0, placeholder: 'default: worker slots' });
  const params = h('textarea', { id: 'params', name: 'params', placeholder: 'key=value, one a line' });
  const files = h('input', { id: 'files', name: 'file', type: 'file', multiple: true });
  const message = h('div', { id: 'submit-error', class: 'error', role: 'alert' });
  const button = h('button', { id: 'submit', class: 'primary', type: 'submit' }, 'Submit');

  async function submit(event) {
    event.preventDefault();
    message.textContent = '';
    const spec = { input: input.value.split('\n').map((s) => s.trim()).filter(Boolean), output: output.value.trim() };
    if (name.value.trim()) spec.name = name.value.trim();
    if (jobClass.value.trim()) spec.jobClass = jobClass.value.trim();
    if (reducers.value !== '') spec.reducers = Number(reducers.value);
    const lines = params.value.split('\n').map((s) => s.trim()).filter(Boolean);
    if (lines.length) {
      spec.params = {};
      for (const line of lines) {
        const eq = line.indexOf('=');
        if (eq < 1) { message.textContent = `params: "${line}" is not key=value`; return; }
        spec.params[line.slice(0, eq).trim()] = line.slice(eq + 1).trim();
      }
    }
    const form = new FormData();
    form.append('jar', jar.files[0]);
    form.append('spec', JSON.stringify(spec));
    for (const file of files.files) form.append('file', file, file.name); // each part's filename is the side file's name
    button.disabled = true;
    try {
      const { id, kind } = await api('/api/v1/jobs', { method: 'POST', body: form });
      location.hash = (kind === 'pipeline' ? '#/pipelines/' : '#/jobs/') + encodeURIComponent(id);
    } catch (e) {
      message.textContent = (e.field ? e.field + ': ' : '') + e.message;
      button.disabled = false;
    }
  }

  fill(main, h('h1', {}, 'Submit a job'), h('section', { class: 'card' },
    h('form', { class: 'submit', id: 'submit-form', onsubmit: submit },
      field('Job jar', jar), field('Name', name), field('Job class', jobClass),
      field('Input', input, 'Files, folders or globs on the workers, one a line'),
      field('Output', output, 'A folder that must not exist yet'), field('Reducers', reducers),
      field('Params', params),
      field('Side files', files, 'Read-only files the tasks open by name (TaskContext.sideFile), like --file'),
      h('span'), h('div', {}, button, message))));
  return { render() {} };
}

// ------------------------------------------------------------------ routing

function route() {
  if (view && view.close) view.close();
  const path = location.hash.replace(/^#/, '') || '/jobs';
  const job = path.match(/^\/jobs\/(.+)$/);
  const pipeline = path.match(/^\/pipelines\/(.+)$/);
  const section = job ? 'jobs' : pipeline ? 'pipelines' : path.split('/')[1];
  document.querySelectorAll('[data-nav]').forEach((a) => a.classList.toggle('active', a.dataset.nav === section));
  if (job) view = jobView(decodeURIComponent(job[1]));
  else if (pipeline) view = pipelineView(decodeURIComponent(pipeline[1]));
  else if (path === '/pipelines') view = pipelinesView();
  else if (path === '/workers') view = workersView();
  else if (path === '/submit') view = submitView();
  else view = jobsView();
}

window.addEventListener('hashchange', route);
// A page kept in the browser's back/forward cache would keep its event stream open, and a few such pages use up the
// browser's connections to the coordinator (six per host): the next page waited 39 s for one. The stream closes when
// the page is hidden; a page shown again from that cache opens its view again.
window.addEventListener('pagehide', () => {
  if (stream) stream.close();
  stream = null;
  streamQuery = null;
});
window.addEventListener('pageshow', (event) => {
  if (event.persisted) route();
});
route();
