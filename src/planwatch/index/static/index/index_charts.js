/* 统计评价 charts, drawn with ECharts from the index's JSON twin (GET /api/v1/plans/{id}/index),
   so they show exactly the numbers of the API, the table and the export.
   <div data-index-chart="line|radar|waterfall" data-src="…">: the index and sub-indices over the
   years, the latest year's dimensions, and the contributions to the last change (the largest
   ten by size, the rest summed as 其他指标; the bars add up to the change).
   A file, not inline script (CSP script-src 'self'). */
(function () {
  "use strict";
  var FONT = '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  var SHOWN = 10;
  var loads = {};
  var charts = [];

  function fmt(v, d) { return v === null || v === undefined ? "—" : Number(v).toFixed(d === undefined ? 2 : d); }
  function load(src) {
    if (!loads[src]) loads[src] = fetch(src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); });
    return loads[src];
  }
  function message(el, text) {
    el.textContent = "";
    var box = document.createElement("div");
    box.className = "chart__empty";
    box.textContent = text;
    el.appendChild(box);
  }
  function narrow(el) { return el.clientWidth < 520; }
  function scored(data) { return data.years.filter(function (y) { return y.index !== null; }); }

  function line(el, data) {
    var years = data.years.map(function (y) { return String(y.year); });
    var series = [{ name: "综合指数", type: "line", data: data.years.map(function (y) { return y.index; }),
                    lineStyle: { width: 3 }, symbolSize: 7, z: 3 }];
    data.dimensions.forEach(function (d) {
      series.push({ name: d.name, type: "line", data: data.years.map(function (y) { return y.dimensions[d.name]; }),
                    lineStyle: { width: 1.5 }, symbolSize: 4 });
    });
    return { legend: { type: "scroll", top: 0 }, grid: { left: 44, right: 16, top: 40, bottom: 28 },
      tooltip: { trigger: "axis", valueFormatter: function (v) { return fmt(v); } },
      xAxis: { type: "category", data: years }, yAxis: { type: "value", scale: true }, series: series };
  }

  function radar(el, data) {
    var years = scored(data);
    if (!years.length) return null;
    var last = years[years.length - 1];
    var values = data.dimensions.map(function (d) { return last.dimensions[d.name]; });
    var max = Math.max(100, Math.max.apply(null, values.filter(function (v) { return v !== null; })));
    var min = data.method === "zscore" ? Math.min(-2, Math.min.apply(null, values)) : 0;
    return { tooltip: {}, radar: { radius: narrow(el) ? "58%" : "66%",
      indicator: data.dimensions.map(function (d) { return { name: d.name, max: max, min: min }; }) },
      series: [{ type: "radar", name: last.year + "年", areaStyle: { opacity: 0.2 },
        data: [{ value: values, name: last.year + "年各维度分指数" }] }] };
  }

  function waterfall(el, data) {
    var years = data.years.filter(function (y) { return y.change !== null && y.change !== undefined; });
    if (!years.length) return null;
    var y = years[years.length - 1];
    var prev = y.index - y.change;
    var names = {};
    data.dimensions.forEach(function (d) { d.indicators.forEach(function (i) { names[i.id] = i.name; }); });
    var parts = Object.keys(y.contributions).map(function (k) { return { name: names[k] || k, value: y.contributions[k] }; });
    parts.sort(function (a, b) { return Math.abs(b.value) - Math.abs(a.value); });
    if (parts.length > SHOWN + 1) {
      var rest = parts.slice(SHOWN).reduce(function (s, p) { return s + p.value; }, 0);
      parts = parts.slice(0, SHOWN).concat([{ name: "其他" + (parts.length - SHOWN) + "个指标", value: rest }]);
    }
    var labels = [(y.year - 1) + "年指数"], base = [0], up = [prev], down = ["-"], run = prev;
    parts.forEach(function (p) {
      labels.push(p.name);
      var next = run + p.value;
      base.push(Math.min(run, next));
      up.push(p.value >= 0 ? p.value : "-");
      down.push(p.value < 0 ? -p.value : "-");
      run = next;
    });
    labels.push(y.year + "年指数"); base.push(0); up.push(y.index); down.push("-");
    var lo = Math.min.apply(null, base.filter(function (v, i) { return i > 0 && i < base.length - 1; }).concat([prev, y.index]));
    var floor = data.method === "zscore" ? undefined : Math.floor(Math.max(0, lo - Math.abs(y.change) - 1));
    if (floor !== undefined) {
      base = base.map(function (v, i) { return i === 0 || i === base.length - 1 ? floor : v; });
      up[0] = prev - floor; up[up.length - 1] = y.index - floor;
    }
    var wide = !narrow(el);
    return { grid: { left: wide ? 150 : 110, right: 24, top: 8, bottom: 24 },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" }, formatter: function (items) {
        var i = items[0].dataIndex;
        if (i === 0) return labels[0] + "：" + fmt(prev);
        if (i === labels.length - 1) return labels[i] + "：" + fmt(y.index) + "（较上年 " + (y.change >= 0 ? "+" : "") + fmt(y.change) + "）";
        return labels[i] + "：" + (parts[i - 1].value >= 0 ? "+" : "") + fmt(parts[i - 1].value, 4);
      } },
      yAxis: { type: "category", data: labels, inverse: true, axisLabel: { width: wide ? 140 : 100, overflow: "truncate" } },
      xAxis: { type: "value", min: floor, scale: floor === undefined },
      series: [
        { type: "bar", stack: "w", data: base, itemStyle: { color: "transparent" }, silent: true },
        { type: "bar", stack: "w", name: "增加", data: up, itemStyle: { color: function (p) {
            return p.dataIndex === 0 || p.dataIndex === labels.length - 1 ? "#3b6fb6" : "#17803d"; } } },
        { type: "bar", stack: "w", name: "减少", data: down, itemStyle: { color: "#d93a32" } }
      ] };
  }

  var KINDS = { line: line, radar: radar, waterfall: waterfall };
  var EMPTY = { line: "暂无年度数据", radar: "暂无年度数据", waterfall: "至少需要连续两年的指数才能分解变化" };

  function draw(el) {
    var kind = el.getAttribute("data-index-chart");
    if (!window.echarts || !KINDS[kind]) return;
    load(el.getAttribute("data-src")).then(function (data) {
      var option = data.years.length ? KINDS[kind](el, data) : null;
      if (!option) { message(el, EMPTY[kind]); return; }
      option.textStyle = { fontFamily: FONT };
      option.animation = false;
      var chart = window.echarts.init(el);
      chart.setOption(option);
      charts.push(chart);
    }).catch(function () { message(el, "图表数据加载失败，请刷新页面"); });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-index-chart]").forEach(draw);
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
