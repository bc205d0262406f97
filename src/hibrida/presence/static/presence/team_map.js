/* The atasan's team map: latest position of each subordinate, refreshed every minute.
   Names and field-report notes are typed by staff, so they reach the page only as text
   nodes (a popup string would be parsed as HTML). */
(function () {
  "use strict";
  var el = document.getElementById("map");
  if (!el || !window.L) { return; }
  // No tile layer: government networks may block external tile servers; markers suffice.
  var map = L.map(el).setView([-6.2383, 106.9756], 12);
  L.Icon.Default.imagePath = el.dataset.icons;
  var layer = L.layerGroup().addTo(map);
  var list = document.getElementById("team-list");

  function line(tag, text) {
    var node = document.createElement(tag);
    node.textContent = text;
    return node;
  }
  function popup(i) {
    var box = document.createElement("div");
    box.className = "map-popup";
    box.appendChild(line("strong", i.name || ""));
    box.appendChild(line("div", [i.at, i.source].filter(Boolean).join(" · ")));
    if (i.note) { box.appendChild(line("div", i.note)); }
    return box;
  }
  function load() {
    fetch(el.dataset.src, {credentials: "same-origin"}).then(function (r) { return r.json(); }).then(function (data) {
      layer.clearLayers();
      list.replaceChildren();
      var pts = [];
      data.items.forEach(function (i) {
        L.marker([i.latitude, i.longitude]).addTo(layer).bindPopup(popup(i));
        pts.push([i.latitude, i.longitude]);
        var tr = document.createElement("tr");
        [i.name, i.at, i.mode, i.source, i.status].forEach(function (v) { tr.appendChild(line("td", v || "")); });
        list.appendChild(tr);
      });
      if (pts.length) { map.fitBounds(pts, {maxZoom: 16, padding: [20, 20]}); }
      el.dataset.markers = String(pts.length);
    });
  }
  load(); setInterval(load, 60000);
})();
