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
  // Charts refit when the window or their own box changes size (a panel shown, a column
  // reflowed); one refit per frame however many events arrive.
  var observer = typeof ResizeObserver === "undefined" ? null : new ResizeObserver(refit);
  var pending = false;
  function refit() {
    if (pending) { return; }
    pending = true;
    window.requestAnimationFrame(function () {
      pending = false;
      charts.forEach(function (c) { if (!c.isDisposed()) { c.resize(); } });
    });
  }

  function make(id) {
    var el = document.getElementById(id);
    if (!el) { return null; }
    var chart = echarts.init(el, theme, { renderer: "canvas" });
    charts.push(chart);
    if (observer) { observer.observe(el); }
    return chart;
  }

  // A chart without a single value is not drawn: its frame is hidden and the sentence
  // beside it (<p id="<chart id>-empty">, written in the template) is shown instead.
  function showEmpty(id, empty, reason) {
    var el = document.getElementById(id);
    var note = document.getElementById(id + "-empty");
    if (el) { el.hidden = empty; }
    if (note) {
      if (reason && note.getAttribute("data-" + reason)) { note.textContent = note.getAttribute("data-" + reason); }
      note.hidden = !empty;
    }
  }

  function hasValue(values) {
    return values.some(function (v) { return v !== null && v !== undefined; });
  }

  function percentLabel(v) {
    return v.value === null || v.value === undefined ? "" : v.value + "%";
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
      // Few bars stand upright with their names level; a single bar keeps a bar's width.
      xAxis: { type: "category", data: points.map(function (p) { return p.name; }), axisLabel: { rotate: points.length > 6 ? 30 : 0, interval: 0, fontSize: dark ? 16 : 12 } },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%", fontSize: dark ? 16 : 12 } },
      series: [{
        type: "bar",
        data: points.map(function (p) { return p.rate; }),
        barMaxWidth: dark ? 96 : 64,
        itemStyle: { color: "#c8161d" },
        label: { show: points.length <= 20, position: "top", formatter: percentLabel, fontSize: dark ? 16 : 11 },
        markLine: {
          symbol: "none",
          lineStyle: { color: "#f5a623", type: "dashed", width: 2 },
          label: { formatter: "目标 " + data.goals[key] + "%" },
          data: [{ yAxis: data.goals[key] }]
        }
      }]
    };
  }

  var childrenChart = null;
  var select = document.getElementById("chart-indicator");
  var currentKey = select ? select.value : "org_coverage";

  function openRegion(params) {
    var point = (data.children[currentKey] || [])[params.dataIndex];
    if (point) {
      window.location.href = data.dashboard + "?region=" + encodeURIComponent(point.code) + "&category=" + encodeURIComponent(data.category);
    }
  }

  // Drawn only when the indicator has a value in some child region; made on first use,
  // so an empty chart leaves no canvas behind.
  function showChildren() {
    if (!document.getElementById("children-chart")) { return; }
    var points = data.children[currentKey] || [];
    var empty = !hasValue(points.map(function (p) { return p.rate; }));
    showEmpty("children-chart", empty, points.length ? "no-values" : "no-children");
    if (empty) { return; }
    if (!childrenChart) {
      childrenChart = make("children-chart");
      childrenChart.on("click", openRegion);
    }
    childrenChart.setOption(childrenOption(currentKey), true);
    childrenChart.resize();
  }

  showChildren();
  if (select) {
    select.addEventListener("change", function () {
      currentKey = select.value;
      showChildren();
    });
  }

  var trendChart = data.trend.length ? make("trend-chart") : null;
  if (trendChart) {
    var keys = Object.keys(data.labels);
    // One month is one value per indicator: bars with their figures, not a line with no
    // length. A few months: lines with every point marked and labelled.
    var months = data.trend.length;
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
      grid: { left: 48, right: 24, top: months <= 3 ? 56 : 40, bottom: 32 },
      xAxis: { type: "category", data: data.trend.map(function (t) { return t.month; }) },
      yAxis: { type: "value", max: 100, axisLabel: { formatter: "{value}%" } },
      series: keys.map(function (key) {
        return {
          name: data.labels[key],
          type: months === 1 ? "bar" : "line",
          barMaxWidth: 32,
          connectNulls: true,
          showSymbol: true,
          symbolSize: months <= 3 ? 8 : 4,
          label: { show: months <= 3, position: "top", formatter: percentLabel },
          data: data.trend.map(function (t) { return t.rates[key]; })
        };
      })
    });
  }

  var starsSource = document.getElementById("stars-data");
  var stars = starsSource ? JSON.parse(starsSource.textContent) : {};
  var levels = Object.keys(stars);
  var starred = levels.some(function (l) { return stars[l] > 0; });
  if (starsSource) { showEmpty("stars-chart", !starred); }
  var starsChart = starred ? make("stars-chart") : null;
  if (starsChart) {
    starsChart.setOption({
      backgroundColor: "transparent",
      tooltip: {
        formatter: function (item) { return line(item.name + "：" + item.value); }
      },
      grid: { left: 32, right: 8, top: 8, bottom: 24 },
      xAxis: { type: "category", data: levels.map(function (l) { return l + "星"; }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", barMaxWidth: 40, data: levels.map(function (l) { return stars[l]; }), itemStyle: { color: "#f5a623" }, label: { show: true, position: "top" } }]
    });
  }

  window.addEventListener("resize", refit);
  window.liangxinCharts = charts;
})();
