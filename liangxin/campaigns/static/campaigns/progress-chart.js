// The campaign page's day-by-day line (Apache ECharts, served locally; no inline script or
// style: the Content-Security-Policy refuses them). Names are typed by admins, so the
// tooltip is ECharts' plain-text axis tooltip with no HTML formatter of ours.
(function () {
  "use strict";
  var source = document.getElementById("progress-data");
  var el = document.getElementById("progress-chart");
  if (!source || !el || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var chart = echarts.init(el, null, { renderer: "canvas" });
  chart.setOption({
    tooltip: { trigger: "axis", renderMode: "richText" },
    legend: { type: "scroll", top: 0 },
    grid: { left: 44, right: 48, top: 36, bottom: 28 },
    xAxis: { type: "category", data: data.days },
    yAxis: { type: "value", min: 0, max: 100, axisLabel: { formatter: "{value}%" } },
    series: data.lines.map(function (line) {
      return {
        name: line.name, type: "line", data: line.values, connectNulls: true,
        markLine: { silent: true, symbol: "none", data: [{ yAxis: line.goal, name: "目标" }] }
      };
    })
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
