/* Dashboard controller: API calls (bearer token when the server asks), SSE progress, results, comparison, runs. */
'use strict';

(function () {
  const $ = (id) => document.getElementById(id);
  const C = window.WorkbenchCharts;
  let token = sessionStorage.getItem('wb-token') || '';
  let form;
  let points = [];
  let current = { state: 'idle' };
  let redraw = 0;

  function fmtDuration(ms) {
    if (ms == null || !isFinite(ms)) return '--';
    if (ms < 1000) return `${Math.round(ms)} ms`;
    const s = Math.round(ms / 1000);
    if (s >= 3600) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
    if (s >= 60) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
    return `${s}s`;
  }
  const num3 = (v) => (typeof v === 'number' && isFinite(v) ? v.toFixed(3) : '—');
  const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

  function banner(msg) {
    $('banner').hidden = !msg;
    $('banner').textContent = msg || '';
  }

  async function api(path, opts) {
    const headers = { ...(opts && opts.body !== undefined ? { 'content-type': 'application/json' } : {}), ...(token ? { authorization: `Bearer ${token}` } : {}) };
    const res = await fetch(path, { method: (opts && opts.method) || 'GET', headers, body: opts && opts.body !== undefined ? JSON.stringify(opts.body) : undefined });
    if (res.status === 401) $('token-box').hidden = false;
    const body = await res.json().catch(() => ({}));
    if (!res.ok) throw Object.assign(new Error(body.error || `HTTP ${res.status}`), { status: res.status, field: body.field });
    return body;
  }

  function setProgress(s) {
    current = s;
    const p = s.progress || {};
    const done = s.state === 'completed';
    // 100 % only once the run has completed (results written), not when the last unit ends
    const overall = done ? 1 : Math.min(s.state === 'running' ? 0.99 : 1, p.overall || 0);
    const pctText = `${Math.floor(overall * 100)} %`;
    $('progress-fill').style.width = `${overall * 100}%`;
    $('progress-fill').className = `fill${done ? ' done' : s.state === 'failed' ? ' failed' : ''}`;
    $('progress-bar').setAttribute('aria-valuenow', String(Math.floor(overall * 100)));
    $('progress-pct').textContent = pctText;
    $('progress-state').textContent = s.state + (s.error ? `: ${s.error}` : '');
    $('progress-eta').textContent = done ? '0s' : fmtDuration(p.etaMs);
    $('run-id').textContent = s.runId || '';
    const acc = p.metrics && (p.metrics.valAccuracy ?? p.metrics.accuracy);
    $('progress-detail').textContent = [p.stage, p.model, p.horizon != null ? `h=${p.horizon}` : '', p.iteration != null ? `iteration ${p.iteration}/${p.iterations ?? '?'}` : '',
      p.epoch != null ? `epoch ${p.epoch}/${p.epochs ?? '?'}` : '', p.loss != null ? `loss ${p.loss.toFixed(4)}` : '', acc != null ? `val acc ${acc.toFixed(3)}` : '',
      p.elapsedMs != null ? `elapsed ${fmtDuration(p.elapsedMs)}` : ''].filter(Boolean).join(' · ');
    $('start').disabled = s.state === 'running';
    $('cancel').disabled = s.state !== 'running';
  }

  function addPoint(s) {
    const p = s.progress;
    if (!p || s.state !== 'running') return;
    const acc = p.metrics && p.metrics.accuracy;
    const val = p.metrics && p.metrics.valAccuracy;
    if (p.loss == null && p.valLoss == null && acc == null && val == null) return;
    points.push({ t: p.elapsedMs, stage: p.stage, model: p.model, horizon: p.horizon, iteration: p.iteration, loss: p.loss, valLoss: p.valLoss, accuracy: acc, valAccuracy: val });
    if (!redraw) redraw = setTimeout(() => { redraw = 0; C.drawLive(points); }, 250);
  }

  /** SSE over fetch (so the bearer header can be sent); reconnects after errors. */
  async function listen() {
    for (;;) {
      try {
        const res = await fetch('/api/ml/progressive/events', { headers: token ? { authorization: `Bearer ${token}` } : {} });
        if (res.status === 401) { $('token-box').hidden = false; throw new Error('token'); }
        const reader = res.body.getReader();
        const dec = new TextDecoder();
        let buf = '';
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += dec.decode(value, { stream: true });
          let i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            const chunk = buf.slice(0, i);
            buf = buf.slice(i + 2);
            const ev = /^event: (.*)$/m.exec(chunk);
            const data = /^data: (.*)$/m.exec(chunk);
            if (ev && data) onEvent(ev[1], JSON.parse(data[1]));
          }
        }
      } catch (e) { /* reconnect below */ }
      await new Promise((r) => setTimeout(r, 2000));
    }
  }

  function onEvent(type, data) {
    if (type === 'history') {
      points = data.slice();
      C.drawLive(points);
      return;
    }
    const wasRunning = current.state === 'running' && current.runId === data.runId;
    if (data.runId !== current.runId) points = [];
    setProgress(data);
    addPoint(data);
    if (data.state !== 'running' && wasRunning) {
      refreshRuns().then(() => { if (data.state === 'completed') showResults(data.runId); });
    }
  }

  async function showResults(runId) {
    if (!runId) return;
    $('results-run').value = runId;
    try {
      const r = await api(`/api/ml/progressive/results?runId=${encodeURIComponent(runId)}`);
      C.drawResults(r);
      const rows = [];
      for (const [mode, m] of Object.entries(r.modes || {})) {
        for (const [h, byModel] of Object.entries(m.horizons || {})) {
          for (const [model, c] of Object.entries(byModel)) rows.push([mode, h, model, c]);
        }
      }
      $('results-table').innerHTML = '<tr><th>mode</th><th>h</th><th>model</th><th>accuracy</th><th>95 % CI</th><th title="lower is better; a coin scores 0.693">log loss</th><th title="lower is better; a coin scores 0.250">Brier</th><th title="expected calibration error (reliability bins)">ECE</th><th>baseline</th><th>p vs baseline</th><th>n test</th><th>Sharpe</th><th>train</th><th>size</th><th>target</th></tr>' +
        rows.map(([mode, h, model, c]) => `<tr><td>${esc(mode)}</td><td>${esc(h)}</td><td class="l">${esc(model)}</td><td>${C.pct(c.accuracy)}</td><td>${c.accuracyCI ? `${C.pct(c.accuracyCI[0])} – ${C.pct(c.accuracyCI[1])}` : '—'}</td><td>${num3(c.metrics && c.metrics.logLoss)}</td><td>${num3(c.metrics && c.metrics.brier)}</td><td>${num3(c.calibration && c.calibration.ece)}</td><td>${C.pct(c.baselineAccuracy)}</td><td>${c.pValue != null ? c.pValue.toFixed(3) : '—'}</td><td>${c.nTest ?? '—'}</td><td>${c.sharpe != null ? c.sharpe.toFixed(2) : '—'}</td><td>${fmtDuration(c.trainMs)}</td><td>${c.modelBytes != null ? (c.modelBytes / 1024).toFixed(0) + ' KiB' : '—'}</td><td class="${c.targetMet ? 'yes' : 'no'}" title="met: lower CI bound at or above the target and the majority baseline not above the model">${c.targetAccuracy != null ? `${C.pct(c.targetAccuracy)} ${c.targetMet ? 'met' : c.targetStatus === 'point-only' ? 'not met (point estimate only)' : c.targetStatus === 'baseline-higher' ? 'not met (baseline higher)' : 'not met'}` : '—'}</td></tr>`).join('');
      await showReliability(runId);
    } catch (e) {
      banner(`results: ${e.message}`);
    }
  }

  let reliability = null;
  /** Reliability diagrams of a run (one per horizon, built by the server); the select picks the horizon. */
  async function showReliability(runId) {
    reliability = await api(`/api/ml/progressive/reliability?runId=${encodeURIComponent(runId)}`);
    const hs = reliability.horizons || [];
    $('calib-h').innerHTML = hs.map((h, i) => `<option value="${i}">h = ${h.horizon}</option>`).join('');
    drawReliabilityAt(0);
  }

  function drawReliabilityAt(i) {
    const h = reliability && reliability.horizons[i];
    C.drawReliability(h ? h.figure : null);
    $('calib-note').textContent = h
      ? h.entries.map((e) => `${e.mode} · ${e.model}: ECE ${num3(e.ece)}${e.eceNoise != null ? ` (noise ${num3(e.eceNoise)})` : ''}, log loss ${num3(e.logLoss)}, Brier ${num3(e.brier)} (n ${e.n})`).join(' — ') + `. ${reliability.note}`
      : 'No calibration bins in this run (results.json written before they existed, or a ternary task).';
  }

  async function compare() {
    const ids = [$('cmp-a').value, $('cmp-b').value].filter(Boolean);
    if (!ids.length) return;
    try {
      const t = await api('/api/ml/progressive/compare', { method: 'POST', body: { runIds: [...new Set(ids)] } });
      C.drawComparison(t);
      $('cmp-table').innerHTML = `<tr><th>h</th><th>model</th>${t.columns.map((c) => `<th>${esc(c.label)}</th>`).join('')}</tr>` +
        t.rows.map((r) => `<tr><td>${r.horizon}</td><td class="l">${esc(r.model)}</td>${r.cells.map((c, i) => `<td class="${r.best === i && t.columns.length > 1 ? 'best' : ''}">${c ? `${C.pct(c.accuracy)}${c.logLoss != null ? ` · ll ${num3(c.logLoss)} · B ${num3(c.brier)}` : ''} (${fmtDuration(c.trainMs)}, ${c.modelBytes != null ? (c.modelBytes / 1024).toFixed(0) : '?'} KiB)` : '—'}</td>`).join('')}</tr>`).join('') +
        `<tr><th>total</th><th></th>${t.totals.map((x) => `<th>${fmtDuration(x.trainMs)}, ${(x.modelBytes / 1024).toFixed(0)} KiB</th>`).join('')}</tr>`;
      const tests = t.tests || [];
      $('cmp-tests').innerHTML = tests.length ? '<tr><th>h</th><th class="l">A</th><th class="l">B</th><th>acc A</th><th>acc B</th><th>test</th><th>n common</th><th>p-value</th><th>better</th></tr>' +
        tests.map((r) => `<tr><td>${r.horizon}</td><td class="l">${esc(`${r.a.mode} · ${r.a.model}`)}</td><td class="l">${esc(`${r.b.mode} · ${r.b.model}`)}</td><td>${C.pct(r.a.accuracy)}</td><td>${C.pct(r.b.accuracy)}</td><td>${esc(r.test)}</td><td>${r.nCommon}</td><td>${r.pValue != null && isFinite(r.pValue) ? r.pValue.toFixed(3) : '—'}</td><td>${esc(r.better)}</td></tr>`).join('') : '';
    } catch (e) {
      banner(`compare: ${e.message}`);
    }
  }

  async function refreshRuns() {
    const { runs } = await api('/api/runs');
    const done = runs.filter((r) => r.state === 'completed');
    const opts = (sel, blank) => {
      const v = sel.value;
      sel.innerHTML = (blank ? '<option value="">(none)</option>' : '') + done.map((r) => `<option value="${esc(r.runId)}">${esc(r.runId)}</option>`).join('');
      if (v && done.some((r) => r.runId === v)) sel.value = v;
    };
    opts($('results-run'), false);
    opts($('cmp-a'), false);
    opts($('cmp-b'), true);
    $('runs-table').innerHTML = '<tr><th class="l">run</th><th class="l">state</th><th class="l">mode</th><th class="l">created</th><th class="l">origin</th><th></th></tr>' +
      runs.map((r) => `<tr><td class="l">${esc(r.runId)}</td><td class="l">${esc(r.state)}${r.error ? ` — ${esc(r.error)}` : ''}</td><td class="l">${esc(r.mode)}</td><td class="l">${esc(r.createdAt.slice(0, 19).replace('T', ' '))}</td><td class="l">${esc(r.origin)}</td><td>${r.resumable ? `<button type="button" data-resume="${esc(r.runId)}">Resume</button>` : ''}</td></tr>`).join('');
    try {
      const q = await api('/api/queue');
      $('queue-line').textContent = `Queue: ${q.active ? `training ${q.active.runId}` : 'idle'}` +
        `${q.queued.length ? `; waiting: ${q.queued.map((r) => `${r.position}. ${r.runId}`).join(', ')}` : '; nothing waiting'}` +
        ` · workers: ${workersText(q.workers)}`;
    } catch (e) {
      $('queue-line').textContent = '';
    }
    return runs;
  }

  /** The queue line's workers part: the local pool, or the remote workers of a Redis queue (serve --redis). */
  function workersText(w) {
    if (w.backend !== 'redis') return `${w.processes} local process${w.processes === 1 ? '' : 'es'} (local)`;
    if (w.error) return `Redis queue ${w.queue} at ${w.server} unreadable: ${w.error}`;
    const c = w.counts;
    return `${w.workers.length} worker${w.workers.length === 1 ? '' : 's'} on Redis queue ${w.queue} at ${w.server}` +
      ` (jobs: ${c.active} active, ${c.waiting} waiting, ${c.failed} failed)`;
  }

  async function start(ev) {
    ev.preventDefault();
    banner('');
    form.clearErrors();
    let cfg;
    const mode = document.querySelector('input[name=mode]:checked').value;
    try {
      cfg = form.collect(mode);
    } catch (e) {
      if (!form.showError(e.field, e.message)) banner(e.message);
      return;
    }
    try {
      const r = await api('/api/ml/progressive/start', { method: 'POST', body: cfg });
      points = [];
      C.drawLive(points);
      setProgress({ state: 'running', runId: r.runId, mode: r.mode, progress: { overall: 0, stage: 'starting' } });
      location.hash = '#progress';
    } catch (e) {
      if (!(e.field && form.showError(e.field, e.message))) banner(e.message);
    }
  }

  async function init() {
    $('token-save').addEventListener('click', () => { token = $('token').value; sessionStorage.setItem('wb-token', token); location.reload(); });
    try {
      const h = await fetch('/health').then((r) => r.json());
      $('health').textContent = h.ok ? 'server ok' : 'server?';
      $('health').className = `pill ${h.ok ? 'ok' : 'bad'}`;
      if (h.orphans && h.orphans.length) banner(`Interrupted by a server restart: ${h.orphans.join(', ')} — resume them from the Runs table.`);
      const schema = await api('/api/config/schema');
      form = window.WorkbenchForm.buildForm($('fields'), schema);
    } catch (e) {
      banner(`cannot reach the API: ${e.message}`);
      return;
    }
    $('config-form').addEventListener('submit', start);
    $('reset').addEventListener('click', () => form.reset());
    $('cancel').addEventListener('click', () => api('/api/ml/progressive/cancel', { method: 'POST', body: {} }).catch((e) => banner(e.message)));
    $('results-run').addEventListener('change', () => showResults($('results-run').value));
    $('calib-h').addEventListener('change', () => drawReliabilityAt(Number($('calib-h').value)));
    $('cmp-go').addEventListener('click', compare);
    $('runs-table').addEventListener('click', (e) => {
      const id = e.target && e.target.getAttribute && e.target.getAttribute('data-resume');
      if (id) api('/api/ml/progressive/resume', { method: 'POST', body: { runId: id } }).then(() => { points = []; location.hash = '#progress'; }).catch((err) => banner(err.message));
    });
    const runs = await refreshRuns().catch(() => []);
    const last = runs.find((r) => r.state === 'completed');
    if (last) showResults(last.runId);
    C.drawLive([]);
    listen();
  }

  window.addEventListener('DOMContentLoaded', init);
})();
