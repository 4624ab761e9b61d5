// The budget page's charts (Apache ECharts, served from the jar): budget vs committed vs actual per cost code (bars)
// and the job-to-date cost over time (line), drawn from the page's JSON (data-src). Each chart has the same figures
// in the table beside it. No inline script (CSP script-src 'self').
(function () {
  'use strict';

  function num(v) { return v === null || v === undefined ? 0 : Number(v); }

  function draw(section, data) {
    var rows = data.rows || [];
    var labels = rows.map(function (r) { return ((r.cost_code || '—') + ' ' + (r.cost_type || '')).trim(); });
    var byCode = echarts.init(document.getElementById('chart-by-code'));
    byCode.setOption({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 90, right: 20, top: 40, bottom: 70 },
      xAxis: { type: 'category', data: labels, axisLabel: { rotate: rows.length > 8 ? 45 : 0, interval: 0 } },
      yAxis: { type: 'value' },
      dataZoom: rows.length > 20 ? [{ type: 'slider', start: 0, end: Math.max(5, 2000 / rows.length) }] : [],
      series: [
        { name: 'Revised budget', type: 'bar', data: rows.map(function (r) { return num(r.revised_budget); }), itemStyle: { color: '#5470c6' } },
        { name: 'Committed', type: 'bar', data: rows.map(function (r) { return num(r.committed); }), itemStyle: { color: '#fac858' } },
        { name: 'Actual', type: 'bar', data: rows.map(function (r) { return num(r.actual); }), itemStyle: { color: '#ee6666' } }
      ]
    });
    var points = data.cost_over_time || [];
    var overTime = echarts.init(document.getElementById('chart-over-time'));
    overTime.setOption({
      animation: false,
      tooltip: { trigger: 'axis' },
      legend: { top: 0 },
      grid: { left: 90, right: 20, top: 40, bottom: 40 },
      xAxis: { type: 'category', data: points.map(function (p) { return p.month; }) },
      yAxis: { type: 'value' },
      series: [
        { name: 'Job to date', type: 'line', data: points.map(function (p) { return num(p.cumulative); }) },
        { name: 'Cost of the month', type: 'bar', data: points.map(function (p) { return num(p.amount); }), itemStyle: { color: '#91cc75' } }
      ]
    });
    window.addEventListener('resize', function () { byCode.resize(); overTime.resize(); });
    section.setAttribute('data-drawn', 'true');
  }

  function init() {
    var section = document.getElementById('budget-charts');
    if (!section || typeof echarts === 'undefined') { return; }
    fetch(section.getAttribute('data-src'), { credentials: 'same-origin', headers: { Accept: 'application/json' } })
      .then(function (r) { if (!r.ok) { throw new Error('HTTP ' + r.status); } return r.json(); })
      .then(function (data) { draw(section, data); })
      .catch(function (e) { section.setAttribute('data-error', String(e)); });
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
}());
