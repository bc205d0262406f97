/* Public transparency chart: WFH-day share and cost saving per OPD. */
(function () {
  "use strict";
  // The reasons table is folded on a phone (page height); a desktop has room to open it.
  var details = document.querySelector("[data-testid=reasons-details]");
  if (details && window.matchMedia("(min-width: 900px)").matches) { details.open = true; }
  var source = document.getElementById("public-chart-data");
  var canvas = document.getElementById("public-chart");
  if (!source || !canvas || !window.Chart) { return; }
  var d = JSON.parse(source.textContent);
  new Chart(canvas, {
    type: "bar",
    data: {labels: d.labels, datasets: [
      {label: "Porsi hari WFH (%)", data: d.wfh, backgroundColor: "#0b5d3b"},
      {label: "Hemat biaya Des (%)", data: d.saving, backgroundColor: "#f59e0b"}]},
    options: {animation: false, locale: "id-ID", scales: {x: {ticks: {autoSkip: false, maxRotation: 90}}}}
  });
})();
