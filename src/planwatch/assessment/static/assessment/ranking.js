/* 考核 ranking bar chart: <div data-assessment-chart data-src="/api/v1/plans/P/assessments/Y?scheme=S"
   data-link="/assessment/s/N/units/"> is drawn with ECharts from the page's JSON twin (the same cards
   the table shows, narrowed by the API as the page is); a bar per unit, its colour the grade's, a
   click opens the unit's card. */
(function () {
  "use strict";
  var COLOURS = ["#2e7d32", "#1565c0", "#f9a825", "#c62828", "#6d4c41"];

  function draw(el) {
    if (typeof echarts === "undefined") { el.textContent = "图表组件未加载"; return; }
    fetch(el.dataset.src, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { if (!r.ok) throw new Error(String(r.status)); return r.json(); })
      .then(function (data) {
        var cards = data.cards.slice().reverse();  // best at the top of a horizontal bar chart
        if (!cards.length) { el.textContent = "没有可查看的结果"; return; }
        var grades = [];
        data.cards.forEach(function (c) { if (grades.indexOf(c.grade) < 0) grades.push(c.grade); });
        el.style.height = Math.max(200, cards.length * 22 + 60) + "px";
        var chart = echarts.init(el, null, { renderer: "canvas", locale: "ZH" });
        chart.setOption({
          grid: { left: 8, right: 48, top: 8, bottom: 24, containLabel: true },
          tooltip: { trigger: "item", formatter: function (p) {
            var c = p.data.card; return c.unit + "：" + c.total.toFixed(2) + "分，第" + c.rank + "名，" + c.grade; } },
          xAxis: { type: "value", min: 0, max: function (v) { return Math.max(100, Math.ceil(v.max)); } },
          yAxis: { type: "category", data: cards.map(function (c) { return c.unit; }), axisLabel: { fontSize: 11 } },
          series: [{ type: "bar", barMaxWidth: 16, label: { show: true, position: "right", fontSize: 10,
                     formatter: function (p) { return p.data.card.total.toFixed(2); } },
                     data: cards.map(function (c) {
                       return { value: c.total, card: c,
                                itemStyle: { color: c.vetoed ? "#616161" : COLOURS[grades.indexOf(c.grade) % COLOURS.length] } };
                     }) }]
        });
        chart.on("click", function (p) { window.location.href = el.dataset.link + p.data.card.unit_id + "/"; });
        window.addEventListener("resize", function () { chart.resize(); });
      })
      .catch(function () { el.textContent = "图表数据加载失败，请刷新页面重试"; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-assessment-chart]").forEach(draw);
  });
})();
