/* planwatch charts: every <div data-chart="…" data-src="/api/v1/…"> is drawn with ECharts from the
   page's JSON twin (DESIGN §6), so a chart shows exactly what the API and the tests read.
   Kinds: status-donut and chapter-bar (…/rollup), indicator (…/chart), project-curve
   (/api/v1/projects/summary's months).
   A file, not inline script (CSP script-src 'self'); charts are re-drawn after an htmx swap. */
(function () {
  "use strict";

  // Standings, best first: a running target's status, or its verdict once its years are over.
  var STATUSES = ["met", "achieved", "on_track", "needs_acceleration", "off_track", "deteriorating",
                  "missed", "pending", "no_data"];
  var LABELS = {
    met: "已实现", achieved: "已完成", on_track: "进展顺利", needs_acceleration: "需加快",
    off_track: "进展滞后", deteriorating: "倒退", missed: "未实现", pending: "待最终数据", no_data: "数据不足"
  };
  var COLOURS = {
    met: "#0f5f2c", achieved: "#17803d", on_track: "#5cb878", needs_acceleration: "#e0a800",
    off_track: "#d93a32", deteriorating: "#7f1d1d", missed: "#b42318", pending: "#c7ccd4", no_data: "#a3abb6"
  };
  var FONT = '-apple-system, "PingFang SC", "Microsoft YaHei", "Noto Sans CJK SC", sans-serif';
  var charts = [];

  function message(el, text) {
    el.textContent = "";
    var box = document.createElement("div");
    box.className = "chart__empty";
    box.textContent = text;
    el.appendChild(box);
  }

  function narrow(el) { return el.clientWidth < 520; }

  function number(v) {
    if (v === null || v === undefined || isNaN(v)) return "—";
    var a = Math.abs(v);
    var digits = a >= 100 ? 0 : a >= 10 ? 1 : 2;
    return String(parseFloat(v.toFixed(digits)));
  }

  /* ---------- periods: 2023, 2023H1, 2023Q2, 2023-06 → the period's last day ---------- */
  var QUARTERS = ["一", "二", "三", "四"];
  function parsePeriod(code) {
    var m;
    code = String(code);
    if ((m = /^(\d{4})$/.exec(code))) return { year: +m[1], month: 12, label: m[1] + "年" };
    if ((m = /^(\d{4})H([12])$/.exec(code))) return { year: +m[1], month: 6 * m[2], label: m[1] + "年" + (m[2] === "1" ? "上半年" : "下半年") };
    if ((m = /^(\d{4})Q([1-4])$/.exec(code))) return { year: +m[1], month: 3 * m[2], label: m[1] + "年第" + QUARTERS[m[2] - 1] + "季度" };
    if ((m = /^(\d{4})-(\d{1,2})$/.exec(code))) return { year: +m[1], month: +m[2], label: m[1] + "年" + (+m[2]) + "月" };
    return null;
  }
  /* x is decimal time at the period's end, year Y ending at Y (as docs/methodology.md measures
     it): 2023 → 2023, 2023Q2 → 2022.5. A year's figure then sits on its own year's tick. */
  function endOf(year, month) { return year - 1 + month / 12; }
  function yearStart(year) { return year - 1; }
  var GAP = { value: [null, null] };

  /* ---------- what is plotted: the quantity the target is about ----------
     level/change_vs_base: the level; annual flows: the year-to-date total (the line breaks at
     each new year); cumulative and portfolio: the total since the base year (the expected
     path's first year): flows after it summed, stocks minus the base value — the same figure
     the explanation sentence states. */
  function progress(points, info) {
    var out = [];
    var running = 0, year = null;
    var since = info.basis === "cumulative" || info.basis === "portfolio";
    if (since && info.kind === "flow" && info.baseYear !== null && points.length) {
      out.push({ value: [endOf(info.baseYear, 12), 0], label: info.baseYear + "年末（起点）" });
    }
    points.forEach(function (p) {
      var per = parsePeriod(p.period);
      if (!per || p.value === null) return;
      var x = endOf(per.year, per.month), y = p.value;
      if (info.basis === "annual" && info.kind === "flow") {
        if (per.year !== year) {
          if (year !== null) out.push(GAP);
          out.push({ value: [yearStart(per.year), 0], label: per.year + "年初" });
          running = 0; year = per.year;
        }
        running += p.value; y = running;
      } else if (since) {
        if (info.baseYear !== null && (info.kind === "flow" ? x <= info.baseYear : x < info.baseYear)) return;
        if (info.kind === "flow") { running += p.value; y = running; }
        else if (info.base !== null) { y = p.value - info.base; }
      }
      out.push({ value: [x, y], label: per.label, demo: p.is_demo });
    });
    return out;
  }

  function expectedLine(path, info) {
    var out = [];
    (path || []).forEach(function (p) {
      var per = parsePeriod(p.period);
      if (!per) return;
      if (info.basis === "annual") {  /* the pace restarts every year: 0 on 1 January */
        if (out.length) out.push(GAP);
        out.push({ value: [yearStart(per.year), 0], label: per.year + "年初" });
      }
      out.push({ value: [endOf(per.year, per.month), p.value], label: per.label + "末" });
    });
    return out;
  }

  function targetLevel(data, info) {
    var path = data.expected_path || [];
    if (info.basis === "change_vs_base" && path.length) return path[path.length - 1].value;
    return data.target ? data.target.value : null;
  }

  /* The forecast band from the latest figure to the forecast year; the API gives a forecast
     only while the outcome is open, so the band is drawn whenever there is one. */
  function forecastBand(data, actual) {
    var f = data.forecast;
    if (!f || !actual.length) return null;
    var last = actual[actual.length - 1];
    var end = endOf(f.year, 12);
    if (last.value[0] >= end) return null;
    var y0 = last.value[1];
    return {
      low: [{ value: [last.value[0], y0] }, { value: [end, f.low] }],
      width: [{ value: [last.value[0], 0] }, { value: [end, f.high - f.low] }],
      centre: [{ value: [last.value[0], y0], label: last.label }, { value: [end, f.value], label: f.year + "年预测" }],
      probability: f.probability, lowValue: f.low, highValue: f.high
    };
  }

  /* The legend lists what is drawn, nothing more: no "预测区间" entry without a band. */
  function legendNames(series) {
    var names = [];
    series.forEach(function (s) {
      var drawn = (s.data || []).some(function (d) { return d.value && d.value[1] !== null; });
      if (drawn && names.indexOf(s.name) < 0) names.push(s.name);
    });
    return names;
  }

  function bandNote(band) {
    var range = "（80%区间 " + number(band.lowValue) + "～" + number(band.highValue) + "）";
    if (band.probability === null || band.probability === undefined) return range + "，数据点不足5个，不计算达标概率";
    return range + "，达标概率 " + Math.round(band.probability * 100) + "%";
  }

  function xAxis(lists) {
    var xs = [];
    lists.forEach(function (list) { list.forEach(function (d) { if (d.value[0] !== null) xs.push(d.value[0]); }); });
    var min = Math.floor(Math.min.apply(null, xs)), max = Math.ceil(Math.max.apply(null, xs));
    return {
      type: "value", min: min, max: Math.max(max, min + 1), interval: 1, splitLine: { show: false },
      axisLabel: { fontSize: 11, hideOverlap: true, formatter: function (v) { return v + "年"; } }
    };
  }

  function indicatorOption(el, data) {
    var info = {
      basis: el.dataset.basis || "level", kind: el.dataset.kind || "stock",
      base: el.dataset.base === undefined || el.dataset.base === "" ? null : parseFloat(el.dataset.base),
      baseYear: null
    };
    var first = (data.expected_path || [])[0];
    if (first && parsePeriod(first.period)) info.baseYear = parsePeriod(first.period).year;
    var unit = data.unit || (data.target && data.target.unit) || "";
    var actual = progress(data.series || [], info);
    var band = forecastBand(data, actual);
    var target = targetLevel(data, info);
    var yName = { annual: "年内累计", cumulative: "累计完成", portfolio: "累计完成" }[info.basis] || "数值";
    var series = [{
      name: "实际值", type: "line", data: actual, symbolSize: 6, z: 5,
      lineStyle: { width: 2.5, color: "#1b4b8f" }, itemStyle: { color: "#1b4b8f" },
      markLine: target === null ? undefined : {
        silent: true, symbol: "none", lineStyle: { color: "#c62828", type: "dashed", width: 1.5 },
        label: { formatter: "目标 " + number(target) + unit, position: "insideStartTop", color: "#c62828" },
        data: [{ yAxis: target }]
      }
    }, {
      name: "序时进度", type: "line", data: expectedLine(data.expected_path, info), showSymbol: false,
      connectNulls: false, lineStyle: { type: "dashed", color: "#8a93a0", width: 1.5 }, itemStyle: { color: "#8a93a0" }
    }];
    if (band) {
      series.push(
        { name: "预测区间", type: "line", data: band.low, stack: "band", symbol: "none", lineStyle: { opacity: 0 }, tooltip: { show: false } },
        { name: "预测区间", type: "line", data: band.width, stack: "band", symbol: "none", lineStyle: { opacity: 0 },
          areaStyle: { color: "rgba(27, 75, 143, 0.15)" }, itemStyle: { color: "rgba(27, 75, 143, 0.35)" }, tooltip: { show: false } },
        { name: "预测", type: "line", data: band.centre, symbolSize: 5, lineStyle: { type: "dotted", color: "#1b4b8f" }, itemStyle: { color: "#1b4b8f" } }
      );
    }
    return {
      textStyle: { fontFamily: FONT },
      grid: { left: 8, right: 16, top: narrow(el) ? 56 : 40, bottom: 8, containLabel: true },
      legend: { top: 0, data: legendNames(series), itemWidth: 18, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: "item",
        formatter: function (p) {
          var d = p.data || {};
          var v = Array.isArray(d.value) ? d.value[1] : null;
          if (p.seriesName === "预测" && band) return d.label + "：" + number(v) + unit + bandNote(band);
          return (d.label || "") + " " + p.seriesName + "：" + number(v) + unit + (d.demo ? "（演示数据）" : "");
        }
      },
      xAxis: xAxis([actual, series[1].data, band ? band.centre : []]),
      yAxis: { type: "value", name: yName + (unit ? "（" + unit + "）" : ""), nameTextStyle: { align: "left", fontSize: 11 }, scale: info.basis === "level" || info.basis === "change_vs_base", boundaryGap: [0, "10%"], splitLine: { lineStyle: { color: "#eef0f3" } } },
      series: series
    };
  }

  function donutOption(el, data) {
    var counts = data.by_status || {};
    var total = 0;
    var small = narrow(el);
    var items = STATUSES.map(function (s) {
      total += counts[s] || 0;
      var item = { name: LABELS[s], value: counts[s] || 0, status: s, itemStyle: { color: COLOURS[s] } };
      if (small && (s === "needs_acceleration" || s === "no_data" || s === "pending")) item.label = { color: "#1f2329" };
      return item;
    });
    var byName = {};
    items.forEach(function (i) { byName[i.name] = i.value; });
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "item", formatter: "{b}：{c} 个（{d}%）" },
      legend: { bottom: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 },
                formatter: function (name) { return name + " " + (byName[name] || 0); } },
      title: { text: String(total), subtext: "个目标", left: "center", top: small ? "33%" : "36%", textStyle: { fontSize: 24, fontWeight: 700 }, subtextStyle: { fontSize: 12 }, itemGap: 2 },
      series: [{
        type: "pie", radius: ["45%", "68%"], center: ["50%", "45%"], avoidLabelOverlap: true,
        label: small ? { position: "inside", formatter: "{c}", color: "#fff", fontWeight: 700 }
                     : { formatter: "{b} {c}", fontSize: 12 },
        labelLine: { length: 8, length2: 6 },
        data: items.filter(function (i) { return i.value > 0; })
      }]
    };
  }

  function chapterOption(el, data) {
    var labels = JSON.parse(el.dataset.labels || "{}");
    var rows = data.by_chapter || [];
    var small = narrow(el);
    var names = rows.map(function (r) { return labels[String(r.chapter)] || (r.chapter === null ? "未分章" : "第" + r.chapter + "章"); });
    return {
      textStyle: { fontFamily: FONT },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      legend: { top: 0, itemWidth: 12, itemHeight: 12, textStyle: { fontSize: 12 } },
      grid: { left: 4, right: 12, top: small ? 52 : 32, bottom: 4, containLabel: true },
      xAxis: { type: "value", minInterval: 1, splitLine: { lineStyle: { color: "#eef0f3" } } },
      yAxis: { type: "category", inverse: true, data: names, axisLabel: { width: small ? 92 : 150, overflow: "truncate", fontSize: 12 } },
      series: STATUSES.filter(function (s) {
        return rows.some(function (r) { return r.counts[s]; });  // no legend entry for a standing nobody has
      }).map(function (s) {
        return { name: LABELS[s], type: "bar", stack: "all", barMaxWidth: 18, itemStyle: { color: COLOURS[s] },
                 data: rows.map(function (r) { return { value: r.counts[s] || 0, chapter: r.chapter }; }) };
      })
    };
  }

  /* 重点项目 by month: the API's cumulative plan and actual (万元), drawn in 亿元 so the axis
     stays readable at 390 px for a portfolio of 1000亿元; the tooltip gives both units, the
     万元 figure (two decimals, as the data table shows it) on a line of its own on a phone. A null actual (a month after the evaluation
     date) is no point, so the blue line stops at the current month. */
  function money(v) { return v.toLocaleString("zh-CN", { minimumFractionDigits: 2, maximumFractionDigits: 2 }); }
  function yi(v) { return v === null || v === undefined ? null : v / 10000; }
  function both(v, small) {
    if (v === null || v === undefined) return "—";
    return money(v / 10000) + "亿元" + (small ? "<br>　" : "") + "（" + money(v) + "万元）";
  }

  function curveOption(el, data) {
    var small = narrow(el);
    var months = data.months || [];
    var line = function (name, key, style) {
      return { name: name, type: "line", data: months.map(function (m) { return yi(m[key]); }), connectNulls: false,
               symbolSize: 5, lineStyle: style, itemStyle: { color: style.color } };
    };
    return {
      textStyle: { fontFamily: FONT },
      grid: { left: 8, right: 16, top: small ? 52 : 40, bottom: 8, containLabel: true },
      legend: { top: 0, itemWidth: 18, textStyle: { fontSize: 12 } },
      tooltip: {
        trigger: "axis", confine: true,
        formatter: function (items) {
          var m = months[items[0].dataIndex];
          return data.year + "年" + m.month + "月末累计<br>计划：" + both(m.plan, small) + "<br>完成：" + both(m.actual, small);
        }
      },
      xAxis: { type: "category", boundaryGap: false, data: months.map(function (m) { return m.month + "月"; }),
               axisLabel: { fontSize: 11, interval: small ? 1 : 0 } },
      yAxis: { type: "value", name: "累计投资（亿元）", nameTextStyle: { align: "left", fontSize: 11 }, min: 0,
               splitLine: { lineStyle: { color: "#eef0f3" } } },
      series: [line("计划（累计）", "plan", { type: "dashed", color: "#8a93a0", width: 1.5 }),
               line("完成（累计）", "actual", { width: 2.5, color: "#1b4b8f" })]
    };
  }

  /* Nothing to draw: no year plan and nothing completed (a year before the ledger's). */
  function curveEmpty(data) {
    return !(data.months || []).some(function (m) { return m.plan > 0 || m.actual > 0; });
  }

  var BUILDERS = { indicator: indicatorOption, "status-donut": donutOption, "chapter-bar": chapterOption,
                   "project-curve": curveOption };

  function linkClicks(chart, el) {
    var link = el.dataset.link;
    if (!link) return;
    chart.on("click", function (p) {
      var d = p.data || {};
      if (d.status) window.location.href = link + d.status;
      else if (d.chapter !== undefined && d.chapter !== null) window.location.href = link + d.chapter;
    });
  }

  function draw(el) {
    var build = BUILDERS[el.dataset.chart];
    if (!build || !el.dataset.src || el.dataset.drawn) return;
    el.dataset.drawn = "1";
    if (typeof echarts === "undefined") { message(el, "图表组件未加载"); return; }
    fetch(el.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      })
      .then(function (data) {
        if (el.dataset.chart === "indicator" && !(data.series || []).length) { message(el, "暂无数据，录入数据后显示图表"); return; }
        if (el.dataset.chart === "project-curve" && curveEmpty(data)) { message(el, data.year + "年没有年度计划投资，也没有已审核的完成投资，暂无曲线"); return; }
        var chart = echarts.init(el, null, { renderer: "canvas", locale: "ZH" });
        chart.setOption(build(el, data));
        linkClicks(chart, el);
        charts.push(chart);
      })
      .catch(function () { message(el, "图表数据加载失败，请刷新页面重试"); });
  }

  function drawAll(root) { root.querySelectorAll("[data-chart]").forEach(draw); }

  document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  document.addEventListener("htmx:afterSettle", function (event) { drawAll(event.target); });
  document.addEventListener("htmx:beforeSwap", function (event) {
    event.detail.target.querySelectorAll("[data-chart]").forEach(function (el) {
      var chart = echarts.getInstanceByDom(el);
      if (chart) { charts.splice(charts.indexOf(chart), 1); chart.dispose(); }
    });
  });
  window.addEventListener("resize", function () { charts.forEach(function (c) { c.resize(); }); });
})();
