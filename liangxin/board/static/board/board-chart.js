// The 比学赶超跑道's scores as horizontal bars (Apache ECharts, served locally), best at
// the top. Data comes from the page (json_script "board-chart-data"): [[name, score], …]
// in rank order. Names are drawn on the canvas as text, never as HTML; no tooltip, so no
// formatter writes markup (the Content-Security-Policy refuses inline styles anyway).
(function () {
  "use strict";
  var source = document.getElementById("board-chart-data");
  var el = document.getElementById("board-chart");
  if (!source || !el || typeof echarts === "undefined") { return; }
  var rows = JSON.parse(source.textContent).filter(function (row) { return row[1] !== null; });
  if (!rows.length) { el.hidden = true; return; }
  var dark = document.body.classList.contains("screen");
  // One bar a line of text: the chart grows with the subjects shown (CSSOM, not an
  // inline style attribute, so the policy allows it).
  el.style.height = Math.max(160, rows.length * (dark ? 34 : 26) + 40) + "px";
  var chart = echarts.init(el, dark ? "dark" : null, { renderer: "canvas" });
  var names = rows.map(function (row) { return row[0]; }).reverse();
  var scores = rows.map(function (row) { return Number(row[1]); }).reverse();
  chart.setOption({
    backgroundColor: "transparent",
    animation: false,
    grid: { left: 8, right: 48, top: 8, bottom: 8, containLabel: true },
    xAxis: { type: "value", min: 0, max: 100, splitNumber: 5 },
    yAxis: { type: "category", data: names, axisLabel: { width: 140, overflow: "truncate" } },
    series: [{
      type: "bar",
      data: scores,
      itemStyle: { color: "#c8161d" },
      label: { show: true, position: "right", formatter: function (p) { return p.value.toFixed(2); } }
    }]
  });
  window.addEventListener("resize", function () { chart.resize(); });
}());
