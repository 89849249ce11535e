/* Figures by year, one line chart per unit: a percentage and an amount in yuan never share an
   axis, where the larger unit would flatten the other to a line at zero. */
window.drawFigures = function (el, d) {
  if (!el || !d || !window.echarts) return;
  var units = d.units && d.units.length ? d.units : [""];
  units.forEach(function (unit) {
    var series = d.series.filter(function (s) { return units.length === 1 || s.unit === unit; });
    var box = document.createElement("div");
    box.className = "figures-unit";
    box.setAttribute("data-unit", unit);
    if (units.length > 1 && unit) {
      var caption = document.createElement("p");
      caption.className = "muted figures-unit-caption";
      caption.textContent = d.unit_label + unit;
      box.appendChild(caption);
    }
    var chart = document.createElement("div");
    chart.className = "chart";
    box.appendChild(chart);
    el.appendChild(box);
    echarts.init(chart).setOption({
      tooltip: {trigger: "axis"}, legend: {type: "scroll", top: 0},
      grid: {left: 60, right: 20, top: 40, bottom: 30},
      xAxis: {type: "category", data: d.years}, yAxis: {type: "value", scale: true},
      series: series.map(function (s) {
        return {name: s.name, type: "line", connectNulls: true, data: s.data, symbolSize: 8};
      })
    });
  });
};
