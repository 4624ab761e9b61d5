// The home page's exports per day (Apache ECharts, served from the jar): synced and failed stacked per day, drawn from
// the table beside it, so the picture and the figures can not differ. No inline script (CSP script-src 'self').
(function () {
  'use strict';

  function init() {
    var chart = document.getElementById('chart-exports-per-day');
    var table = document.getElementById('exports-per-day-table');
    if (!chart || !table || typeof echarts === 'undefined') { return; }
    var days = [], synced = [], failed = [];
    Array.prototype.forEach.call(table.querySelectorAll('tbody tr'), function (tr) {
      days.push(tr.getAttribute('data-day').substring(5));
      synced.push(Number(tr.querySelector('.synced').textContent));
      failed.push(Number(tr.querySelector('.failed').textContent));
    });
    var c = echarts.init(chart);
    c.setOption({
      animation: false,
      tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
      legend: { top: 0 },
      grid: { left: 40, right: 10, top: 30, bottom: 30 },
      xAxis: { type: 'category', data: days },
      yAxis: { type: 'value', minInterval: 1 },
      series: [
        { name: 'Synced', type: 'bar', stack: 'exports', data: synced, itemStyle: { color: '#2e7d32' } },
        { name: 'Failed', type: 'bar', stack: 'exports', data: failed, itemStyle: { color: '#c62828' } }
      ]
    });
    window.addEventListener('resize', function () { c.resize(); });
    chart.setAttribute('data-drawn', 'true');
  }

  if (document.readyState === 'loading') { document.addEventListener('DOMContentLoaded', init); } else { init(); }
}());
