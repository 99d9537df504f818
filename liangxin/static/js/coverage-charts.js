// Charts of the 两个覆盖 dashboard and big screen (Apache ECharts, served locally).
// Data comes from the page (json_script); clicking a bar opens that region's figures.
//
// ECharts renders a tooltip formatter's return value as HTML, and region names are
// typed by town admins: every text that reaches a tooltip goes through escapeHtml
// (issue 12: a region name ran script in the district admin's browser). Each chart
// has its own formatter, as the default one writes inline style attributes that the
// Content-Security-Policy refuses; the colour dot is a class (css/liangxin.css).
(function () {
  "use strict";
  var HTML_ESCAPES = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };

  function escapeHtml(value) {
    return String(value === null || value === undefined ? "" : value).replace(/[&<>"']/g, function (c) {
      return HTML_ESCAPES[c];
    });
  }

  function line(text, seriesIndex) {
    var dot = seriesIndex === undefined ? "" : '<span class="lx-tooltip-dot lx-series-' + (seriesIndex % 9) + '"></span>';
    return '<div class="lx-tooltip-line">' + dot + escapeHtml(text) + "</div>";
  }

  var source = document.getElementById("chart-data");
  if (!source || typeof echarts === "undefined") { return; }
  var data = JSON.parse(source.textContent);
  var dark = document.body.classList.contains("screen");
  var theme = dark ? "dark" : null;
  var charts = [];

  function make(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var chart = echarts.init(el, theme, { renderer: "canvas" });
    charts.push(chart);
    return chart;
  }

  function childrenOption(key) {
    var points = data.children[key] || [];
    return {
      backgroundColor: "transparent",
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var p = points[items[0].dataIndex];
          if (!p) { return ""; }
          var shown = p.rate === null ? "—" : p.rate + "%";
          return line(p.name) + line(shown + "（" + p.numerator + "/" + p.denominator + "）");
        }
      },
      grid: { left: 48, right: 64, top: 28, bottom: 88 },
      xAxis: { type: "category", data: points.map(function (p) { return p.name; }), axisLabel: { rotate: 30, fontSize: dark ? 16 : 12 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%", fontSize: dark ? 16 : 12 } },
      series: [{
        type: "bar",
        data: points.map(function (p) { return p.rate; }),
        itemStyle: { color: "#c8161d" },
        label: { show: points.length <= 20, position: "top", formatter: function (v) { return v.value === null ? "" : v.value + "%"; }, fontSize: dark ? 16 : 11 },
        markLine: {
          symbol: "none",
          lineStyle: { color: "#f5a623", type: "dashed", width: 2 },
          label: { formatter: "目标 " + data.goals[key] + "%" },
          data: [{ yAxis: data.goals[key] }]
        }
      }]
    };
  }

  var childrenChart = make("children-chart");
  var select = document.getElementById("chart-indicator");
  var currentKey = select ? select.value : "org_coverage";
  if (childrenChart) {
    childrenChart.setOption(childrenOption(currentKey));
    childrenChart.on("click", function (params) {
      var point = (data.children[currentKey] || [])[params.dataIndex];
      if (point) {
        window.location.href = data.dashboard + "?region=" + encodeURIComponent(point.code) + "&category=" + encodeURIComponent(data.category);
      }
    });
  }
  if (select && childrenChart) {
    select.addEventListener("change", function () {
      currentKey = select.value;
      childrenChart.setOption(childrenOption(currentKey), true);
    });
  }

  var trendChart = make("trend-chart");
  if (trendChart && data.trend.length) {
    var keys = Object.keys(data.labels);
    trendChart.setOption({
      backgroundColor: "transparent",
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          if (!items.length) { return ""; }
          return line(items[0].axisValue) + items.map(function (item) {
            return line(item.seriesName + "：" + (item.value === null || item.value === undefined ? "—" : item.value + "%"), item.seriesIndex);
          }).join("");
        }
      },
      legend: { type: "scroll", top: 0 },
      grid: { left: 48, right: 24, top: 40, bottom: 32 },
      xAxis: { type: "category", data: data.trend.map(function (t) { return t.month; }) },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: keys.map(function (key) {
        return { name: data.labels[key], type: "line", connectNulls: true, data: data.trend.map(function (t) { return t.rates[key]; }) };
      })
    });
  }

  var starsSource = document.getElementById("stars-data");
  var starsChart = make("stars-chart");
  if (starsChart && starsSource) {
    var stars = JSON.parse(starsSource.textContent);
    var levels = Object.keys(stars);
    starsChart.setOption({
      backgroundColor: "transparent",
      tooltip: {
        formatter: function (item) { return line(item.name + "：" + item.value); }
      },
      grid: { left: 32, right: 8, top: 8, bottom: 24 },
      xAxis: { type: "category", data: levels.map(function (l) { return l + "星"; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: levels.map(function (l) { return stars[l]; }), itemStyle: { color: "#f5a623" } }]
    });
  }

  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
  window.liangxinCharts = charts;
})();
