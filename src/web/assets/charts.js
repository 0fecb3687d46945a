// Draws every chart a page declares: <script type="application/json" data-chart="id"> holds its ECharts option.
for (const data of document.querySelectorAll('script[data-chart]')) {
  const el = document.getElementById(data.dataset.chart);
  const chart = echarts.init(el);
  chart.setOption(JSON.parse(data.textContent));
  window.addEventListener('resize', () => chart.resize());
}
