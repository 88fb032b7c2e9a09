/* Plotly figures for the dashboard: live loss/accuracy, per-horizon accuracy with CI, per-iteration accuracy, reliability, comparison. */
'use strict';

(function () {
  const CONFIG = { responsive: true, displaylogo: false, modeBarButtonsToRemove: ['lasso2d', 'select2d'] };
  // Legends sit under the plot; narrow screens get a taller figure and bottom margin so they never overlap.
  const layout = (title, x, y, extra) => {
    const narrow = window.innerWidth < 600;
    return {
      title: { text: title, font: { size: narrow ? 12 : 14 } },
      margin: { l: 50, r: 10, t: 36, b: narrow ? 120 : 90 },
      xaxis: { title: { text: x } },
      yaxis: { title: { text: y } },
      legend: { orientation: 'h', x: 0, y: -0.22, yanchor: 'top', font: { size: 11 } },
      height: narrow ? 400 : 340,
      ...(extra || {}),
    };
  };
  const pct = (v) => (v == null ? '—' : `${(v * 100).toFixed(1)} %`);

  /** Draws the two live charts from history points [{t, loss, valLoss, valAccuracy, accuracy}]. */
  function drawLive(points) {
    const withLoss = points.filter((p) => p.loss != null);
    const withVal = points.filter((p) => p.valLoss != null);
    const withAcc = points.filter((p) => p.valAccuracy != null || p.accuracy != null);
    Plotly.react('loss-chart', [
      { x: withLoss.map((p) => p.t / 1000), y: withLoss.map((p) => p.loss), name: 'train loss', mode: 'lines', type: 'scatter' },
      { x: withVal.map((p) => p.t / 1000), y: withVal.map((p) => p.valLoss), name: 'validation loss', mode: 'lines', type: 'scatter' },
    ], layout('Loss', 'elapsed (s)', 'loss'), CONFIG);
    Plotly.react('acc-chart', [
      {
        x: withAcc.map((p) => p.t / 1000),
        y: withAcc.map((p) => p.valAccuracy ?? p.accuracy),
        text: withAcc.map((p) => `${p.stage} ${p.model || ''} h=${p.horizon ?? 'all'} it ${p.iteration ?? ''}`),
        name: 'validation accuracy', mode: 'lines+markers', type: 'scatter',
      },
    ], layout('Accuracy per iteration', 'elapsed (s)', 'accuracy', { yaxis: { title: { text: 'accuracy' }, range: [0, 1] } }), CONFIG);
  }

  /** Per-horizon accuracy (bars with CI) of every mode × model in a results.json, plus baselines. */
  function drawResults(results) {
    const traces = [];
    const modes = results.modes || {};
    const horizons = new Set();
    for (const m of Object.values(modes)) for (const h of Object.keys(m.horizons || {})) horizons.add(h);
    const hs = [...horizons].sort((a, b) => a - b);
    const labels = hs.map((h) => `h = ${h}`);
    for (const [mode, m] of Object.entries(modes)) {
      const models = new Set();
      for (const h of hs) for (const k of Object.keys((m.horizons || {})[h] || {})) models.add(k);
      for (const model of models) {
        const cells = hs.map((h) => ((m.horizons || {})[h] || {})[model]);
        traces.push({
          type: 'bar', name: `${mode} · ${model}`, x: labels,
          y: cells.map((c) => (c ? c.accuracy : null)),
          error_y: { type: 'data', symmetric: false, array: cells.map((c) => (c && c.accuracyCI ? c.accuracyCI[1] - c.accuracy : 0)), arrayminus: cells.map((c) => (c && c.accuracyCI ? c.accuracy - c.accuracyCI[0] : 0)) },
          hovertemplate: '%{y:.3f}<extra>%{fullData.name}</extra>',
        });
      }
    }
    const first = Object.values(modes)[0];
    if (first) {
      traces.push({ type: 'scatter', mode: 'markers', name: 'majority baseline', x: labels, marker: { symbol: 'line-ew-open', size: 28, color: '#111' },
        y: hs.map((h) => { const c = Object.values((first.horizons || {})[h] || {})[0]; return c ? c.baselineAccuracy : null; }) });
      traces.push({ type: 'scatter', mode: 'markers', name: 'target', x: labels, marker: { symbol: 'star', size: 10, color: '#d97706' },
        y: hs.map((h) => { const c = Object.values((first.horizons || {})[h] || {})[0]; return c ? c.targetAccuracy : null; }) });
    }
    Plotly.react('results-chart', traces, layout('Out-of-sample direction accuracy per horizon (95 % CI)', '', 'accuracy', { barmode: 'group', yaxis: { title: { text: 'accuracy' }, range: [0, 1] } }), CONFIG);
    const it = [];
    for (const [mode, m] of Object.entries(modes)) {
      for (const h of hs) {
        for (const [model, c] of Object.entries((m.horizons || {})[h] || {})) {
          const iters = (c && c.iterations) || [];
          if (iters.length < 1) continue;
          it.push({ type: 'scatter', mode: 'lines+markers', name: `${mode} · ${model} · h=${h}`, x: iters.map((r) => r.iteration), y: iters.map((r) => r.testAccuracy) });
        }
      }
    }
    Plotly.react('iter-chart', it, layout('Test accuracy per progressive iteration', 'iteration', 'accuracy', { xaxis: { title: { text: 'iteration' }, dtick: 1 }, yaxis: { title: { text: 'accuracy' }, range: [0, 1] } }), CONFIG);
  }

  /** Grouped bars of a comparison table (accuracy per row, one trace per column). */
  function drawComparison(table) {
    const x = table.rows.map((r) => `h=${r.horizon} ${r.model}`);
    const traces = table.columns.map((c, i) => ({
      type: 'bar', name: c.label, x,
      y: table.rows.map((r) => (r.cells[i] ? r.cells[i].accuracy : null)),
      error_y: { type: 'data', symmetric: false, array: table.rows.map((r) => (r.cells[i] && r.cells[i].accuracyCI ? r.cells[i].accuracyCI[1] - r.cells[i].accuracy : 0)), arrayminus: table.rows.map((r) => (r.cells[i] && r.cells[i].accuracyCI ? r.cells[i].accuracy - r.cells[i].accuracyCI[0] : 0)) },
    }));
    Plotly.react('cmp-chart', traces, layout('Accuracy by horizon and model (95 % CI)', '', 'accuracy', { barmode: 'group', yaxis: { title: { text: 'accuracy' }, range: [0, 1] } }), CONFIG);
  }

  /** A reliability figure built by the server (src/viz/reliability.ts), sized for the dashboard; null clears the chart. */
  function drawReliability(figure) {
    if (!figure) {
      Plotly.purge('calib-chart');
      return;
    }
    const narrow = window.innerWidth < 600;
    const title = figure.layout.title ? { ...figure.layout.title, font: { size: narrow ? 12 : 14 } } : undefined;
    Plotly.react('calib-chart', figure.data, { ...figure.layout, title, height: narrow ? 480 : 420, margin: { l: 50, r: 10, t: 36, b: narrow ? 120 : 90 },
      legend: { orientation: 'h', x: 0, y: -0.16, yanchor: 'top', font: { size: 11 } } }, CONFIG);
  }

  window.WorkbenchCharts = { drawLive, drawResults, drawComparison, drawReliability, pct };
})();
