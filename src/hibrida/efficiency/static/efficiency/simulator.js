/* Simulator charts: yearly saving per scenario (P5, median, P95, calibration point) and the
   sensitivity tornado. */
(function () {
  "use strict";
  var source = document.getElementById("sim-chart");
  if (!source || !window.Chart) { return; }
  var data = JSON.parse(source.textContent);
  var jt = function (v) { return (v / 1e6).toLocaleString("id-ID", {maximumFractionDigits: 0}) + " jt"; };
  new Chart(document.getElementById("scenario-chart"), {
    type: "bar",
    data: {labels: data.scenarios.labels, datasets: [
      {label: "P5", data: data.scenarios.p5, backgroundColor: "#cbd5e1"},
      {label: "Median (P50)", data: data.scenarios.p50, backgroundColor: "#0b5d3b"},
      {label: "P95", data: data.scenarios.p95, backgroundColor: "#86efac"},
      {label: "Titik kalibrasi", data: data.scenarios.point, backgroundColor: "#fbbf24"}]},
    options: {locale: "id-ID", scales: {y: {ticks: {callback: jt}}}, animation: false}
  });
  var tornado = document.getElementById("tornado-chart");
  if (!tornado) { return; }
  var t = data.tornado;
  var span = function (v) { return [Math.min(v, t.centre), Math.max(v, t.centre)]; };
  new Chart(tornado, {
    type: "bar",
    data: {labels: t.labels, datasets: [
      {label: "Rendah", data: t.low.map(span), backgroundColor: "#fca5a5"},
      {label: "Tinggi", data: t.high.map(span), backgroundColor: "#86efac"}]},
    options: {locale: "id-ID", indexAxis: "y", scales: {x: {ticks: {callback: jt}}, y: {stacked: true}}, animation: false}
  });
})();
