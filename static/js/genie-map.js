// The Stage 3 map (resources/maps.py): keep every numbered pin in sight.
// Instead of clustering (which hides listed results behind a count), a pin
// that would cover another is nudged to the nearest free spot around its
// place, lower numbers first; then a name label that a pin or an earlier label
// would cover moves up or down a line, or is hidden. Both again after every zoom.
(function () {
  "use strict";

  function numberedPins(map) {
    var pins = [];
    map.eachLayer(function (layer) {
      var pin = layer instanceof L.Marker && layer._icon && layer._icon.querySelector(".genie-pin[data-rank]");
      if (pin) {
        pins.push({
          marker: layer,
          pin: pin,
          rank: Number(pin.getAttribute("data-rank")),
          radius: pin.offsetWidth / 2 + 1,
        });
      }
    });
    // The participant's district (rank 0) first, then 1, 2, 3...
    return pins.sort(function (a, b) { return a.rank - b.rank; });
  }

  function free(point, radius, taken) {
    return taken.every(function (other) {
      return point.distanceTo(other.point) >= radius + other.radius;
    });
  }

  // Move the whole icon (so it is clicked where it is seen) through the
  // margins Leaflet set from its anchor, which it never sets again.
  function shiftIcon(icon, shift) {
    if (!icon.hasAttribute("data-genie-margin")) {
      icon.setAttribute("data-genie-margin", [icon.style.marginLeft, icon.style.marginTop].join(" "));
    }
    var margin = icon.getAttribute("data-genie-margin").split(" ");
    icon.style.marginLeft = parseFloat(margin[0] || 0) + shift.x + "px";
    icon.style.marginTop = parseFloat(margin[1] || 0) + shift.y + "px";
  }

  function spreadPins(map) {
    var taken = [];
    numberedPins(map).forEach(function (item) {
      var home = map.latLngToLayerPoint(item.marker.getLatLng());
      var spot = home;
      var gap = 2 * item.radius;
      for (var ring = 1; !free(spot, item.radius, taken) && ring < 12; ring++) {
        var steps = 6 * ring;
        for (var step = 0; step < steps; step++) {
          var angle = (2 * Math.PI * step) / steps - Math.PI / 2;
          var candidate = home.add(L.point(Math.cos(angle), Math.sin(angle)).multiplyBy(gap * ring));
          if (free(candidate, item.radius, taken)) {
            spot = candidate;
            break;
          }
        }
      }
      taken.push({ point: spot, radius: item.radius });
      var shift = spot.subtract(home);
      shiftIcon(item.marker._icon, shift);
      // A moved pin keeps a dot where the place really is (map.scss).
      item.pin.style.setProperty("--genie-dx", -shift.x + "px");
      item.pin.style.setProperty("--genie-dy", -shift.y + "px");
      item.pin.classList.toggle("genie-pin--moved", Boolean(shift.x || shift.y));
    });
  }

  function overlaps(a, b) {
    return a.left < b.right + 2 && b.left < a.right + 2 && a.top < b.bottom + 2 && b.top < a.bottom + 2;
  }

  // A label covered where it belongs tries just above or below its point
  // before it is hidden; districts come first, then places, largest first.
  var NUDGES = [0, -20, 20];

  function declutterLabels(map) {
    var container = map.getContainer();
    var shown = Array.prototype.map.call(container.querySelectorAll(".genie-pin[data-rank]"), function (pin) {
      return pin.getBoundingClientRect();
    });
    container.querySelectorAll(".genie-label").forEach(function (label) {
      label.classList.remove("genie-label--hidden");
      var placed = NUDGES.some(function (dy) {
        label.style.transform = dy ? "translate(-50%, calc(-50% + " + dy + "px))" : "";
        var box = label.getBoundingClientRect();
        if (shown.some(function (other) { return overlaps(box, other); })) {
          return false;
        }
        shown.push(box);
        return true;
      });
      label.classList.toggle("genie-label--hidden", !placed);
    });
  }

  function tidy(map) {
    spreadPins(map);
    declutterLabels(map);
  }

  L.Map.addInitHook(function () {
    var map = this;
    map.on("zoomend", function () { tidy(map); });
    // Folium adds the markers after creating the map, in the same script.
    // The mark says the pins are in their places (the browser tests wait for it).
    setTimeout(function () {
      tidy(map);
      document.documentElement.setAttribute("data-genie-map-ready", "");
    }, 0);
  });
})();
