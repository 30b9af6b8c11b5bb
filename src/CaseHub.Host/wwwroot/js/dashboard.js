// The dashboard's charts (ECharts), drawn from the figures the page wrote as JSON; every chart's numbers are also in
// its table view, which is what screen readers and the exports use.
(function () {
  "use strict";
  var source = document.getElementById("dashboard-data");
  if (!source || typeof echarts === "undefined") return;
  var data = JSON.parse(source.textContent);
  var sea = ["#0b5c8a", "#2f7d32", "#c26a00", "#7a4fa3", "#a12622", "#3b8fb8", "#6d7d8b", "#b38f00"];
  var percent = function (v) { return v == null ? "—" : (v * 100).toFixed(1) + "%"; };
  var base = { color: sea, aria: { enabled: true }, textStyle: { fontFamily: "inherit" }, animation: false };

  var options = {
    hot: {
      grid: { left: 8, right: 24, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", data: data.hot.names, axisLabel: { width: 120, overflow: "truncate" } },
      series: [{ type: "bar", data: data.hot.counts, label: { show: true, position: "right" } }]
    },
    kpis: {
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", valueFormatter: percent },
      xAxis: { type: "category", data: data.kpis.names },
      yAxis: { type: "value", min: 0, max: 1, axisLabel: { formatter: function (v) { return v * 100 + "%"; } } },
      series: data.kpis.series.map(function (s, i) {
        var bar = { type: "bar", name: s.name, data: s.values, barMaxWidth: 28 };
        // The target is drawn once, across all bars.
        if (i === 0) bar.markLine = { symbol: "none", lineStyle: { type: "dashed", color: "#a12622" },
          label: { position: "insideEndTop", formatter: data.kpis.targetName + " " + percent(data.kpis.target) }, data: [{ yAxis: data.kpis.target }] };
        return bar;
      })
    },
    coverage: {
      grid: { left: 8, right: 16, top: 8, bottom: 64, containLabel: true },
      tooltip: { formatter: function (p) {
        var c = p.data;
        return data.coverage.islands[c[1]] + " · " + data.coverage.months[c[0]] + "<br>" + data.coverage.closedName + " " + c[2] +
          "<br>" + data.coverage.visitsName + " " + c[3] + "/" + c[4];
      } },
      xAxis: { type: "category", data: data.coverage.months, splitArea: { show: true } },
      yAxis: { type: "category", data: data.coverage.islands, splitArea: { show: true } },
      visualMap: { min: 0, max: Math.max(1, Math.max.apply(null, data.coverage.cells.map(function (c) { return c[2]; }).concat([0]))),
        calculable: true, orient: "horizontal", left: "center", bottom: 0, itemHeight: 120, inRange: { color: ["#f3f7fa", "#0b5c8a"] } },
      series: [{ type: "heatmap", data: data.coverage.cells, label: { show: true, formatter: function (p) { return p.data[2]; } } }]
    },
    channels: {
      legend: { bottom: 0, type: "scroll" },
      tooltip: { trigger: "item", formatter: "{b}: {c} ({d}%)" },
      series: [{ type: "pie", radius: ["35%", "65%"], center: ["50%", "45%"], data: data.channels, label: { formatter: "{b} {d}%" } }]
    },
    weekly: {
      legend: { top: 0 },
      grid: { left: 8, right: 16, top: 36, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      xAxis: { type: "category", data: data.weekly.weeks },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "line", name: data.weekly.orderedName, data: data.weekly.ordered },
               { type: "line", name: data.weekly.closedName, data: data.weekly.closed }]
    }
  };

  var charts = [];
  document.querySelectorAll("[data-chart]").forEach(function (el) {
    var option = options[el.getAttribute("data-chart")];
    if (!option) return;
    var chart = echarts.init(el, null, { renderer: "svg" });
    chart.setOption(Object.assign({}, base, option));
    charts.push(chart);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
