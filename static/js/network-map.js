// Stage 1: every member on the map is a control. Tab reaches the map once, the arrow
// keys go from member to member, and Enter, Space, a click or a tap opens the member's
// actions beside it. Without this file each member is a link to its row of the table,
// which has the same actions; nothing here needs dragging.
(function () {
  "use strict";

  var CIRCLES = [
    ["inner", "inner circle"],
    ["middle", "middle circle"],
    ["outer", "outer circle"],
  ];
  var current = null; // the member that holds the map's one Tab stop
  var highlight = null; // the kind of support highlighted on the map, if any
  var opener = null; // the member whose menu is open

  function picture() {
    return document.querySelector("[data-genie-network-map]");
  }

  function members() {
    var map = document.getElementById("network-map");
    return map ? Array.prototype.slice.call(map.querySelectorAll(".genie-map__member[data-member]")) : [];
  }

  function memberOf(element) {
    return element && element.closest ? element.closest(".genie-map__member[data-member]") : null;
  }

  // One Tab stop for the whole map: the member last used, or the first.
  function rove() {
    var all = members();
    if (!all.length) {
      return;
    }
    var active = memberOf(document.activeElement);
    if (active) {
      current = active.getAttribute("data-member");
    }
    var chosen = all.filter(function (m) { return m.getAttribute("data-member") === current; })[0] || all[0];
    all.forEach(function (m) {
      m.setAttribute("tabindex", m === chosen ? "0" : "-1");
      m.setAttribute("aria-haspopup", "dialog");
    });
  }

  // Labels stay readable: the map shrinks to fit the screen only so far (labels at
  // least 14 px on a laptop, 12 px on a tablet), then it scrolls inside its frame.
  function keepReadable() {
    var svg = document.querySelector("#network-map .genie-map__svg");
    if (!svg) {
      return;
    }
    var size = parseFloat(svg.getAttribute("data-genie-map-size")) || 0;
    var label = svg.querySelector(".genie-map__label");
    var drawn = label ? parseFloat(getComputedStyle(label).fontSize) || 22 : 22;
    var smallest = (window.innerWidth >= 1100 ? 14 : 12) / drawn;
    svg.style.minWidth = Math.round(size * smallest) + "px";
  }

  function applyHighlight() {
    var map = document.getElementById("network-map");
    if (!map) {
      return;
    }
    ["illness", "everyday", "emotional"].forEach(function (support) {
      map.classList.toggle("genie-map--highlight-" + support, highlight === support);
    });
    document.querySelectorAll("[data-genie-highlight]").forEach(function (link) {
      link.setAttribute("aria-pressed", link.getAttribute("data-genie-highlight") === highlight ? "true" : "false");
    });
  }

  function element(tag, attributes, text) {
    var node = document.createElement(tag);
    Object.keys(attributes || {}).forEach(function (name) {
      node.setAttribute(name, attributes[name]);
    });
    if (text) {
      node.textContent = text;
    }
    return node;
  }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    return input ? input.value : "";
  }

  function postForm(url, fields, label, hidden) {
    var form = element("form", { method: "post", action: url, "hx-post": url, "hx-swap": "none", class: "genie-member-menu__form" });
    var all = Object.assign({ csrfmiddlewaretoken: csrfToken(), from: "map" }, fields);
    Object.keys(all).forEach(function (name) {
      form.appendChild(element("input", { type: "hidden", name: name, value: all[name] }));
    });
    var button = element("button", { type: "submit", class: "genie-small-button genie-member-menu__button" }, label);
    if (hidden) {
      button.appendChild(element("span", { class: "nhsuk-u-visually-hidden" }, hidden));
    }
    form.appendChild(button);
    return form;
  }

  function closeMenu(returnFocus) {
    var menu = document.getElementById("member-menu");
    if (!menu || menu.hidden) {
      return;
    }
    menu.hidden = true;
    menu.innerHTML = "";
    var back = opener && document.getElementById(opener.id);
    opener = null;
    if (returnFocus && back) {
      back.focus();
    }
  }

  function openMenu(member) {
    var menu = document.getElementById("member-menu");
    var frame = picture();
    if (!menu || !frame) {
      return;
    }
    opener = member;
    current = member.getAttribute("data-member");
    var label = member.getAttribute("data-label");
    var circle = member.getAttribute("data-circle");
    var version = member.getAttribute("data-version");
    // Each member's actions live under the page's address (mapping/urls.py).
    var base = member.ownerSVGElement.getAttribute("data-network-url");
    var id = member.getAttribute("data-member");
    var move = base + "members/" + id + "/move/";
    var index = CIRCLES.map(function (c) { return c[0]; }).indexOf(circle);
    menu.innerHTML = "";
    menu.appendChild(element("h2", { id: "member-menu-title", class: "genie-member-menu__title" }, label));
    menu.appendChild(element("p", { class: "genie-member-menu__where" }, "In the " + CIRCLES[index][1]));
    var list = element("ul", { class: "genie-member-menu__list" });
    function add(item) {
      var li = element("li", { class: "genie-member-menu__item" });
      li.appendChild(item);
      list.appendChild(li);
    }
    var targets = {};
    if (index > 0) {
      targets[CIRCLES[index - 1][0]] = true;
      add(postForm(move, { circle: CIRCLES[index - 1][0], version: version, direction: "closer" }, "Move closer", " (to the " + CIRCLES[index - 1][1] + ")"));
    }
    if (index < CIRCLES.length - 1) {
      targets[CIRCLES[index + 1][0]] = true;
      add(postForm(move, { circle: CIRCLES[index + 1][0], version: version, direction: "further" }, "Move further", " (to the " + CIRCLES[index + 1][1] + ")"));
    }
    CIRCLES.forEach(function (c) {
      if (c[0] !== circle && !targets[c[0]]) {
        add(postForm(move, { circle: c[0], version: version }, "Move to the " + c[1]));
      }
    });
    var edit = base + "?edit=" + id;
    var change = element("a", {
      href: edit + "#member-form",
      "hx-get": edit + "&from=map",
      "hx-target": "#member-form",
      "hx-swap": "outerHTML",
      class: "genie-small-button genie-small-button--link genie-member-menu__button",
    }, "Change details");
    add(change);
    var remove = postForm(base + "members/" + id + "/remove/", {}, "Remove", " " + label);
    remove.querySelector("button").classList.add("genie-small-button--remove");
    add(remove);
    var close = element("button", { type: "button", class: "genie-small-button genie-member-menu__button genie-member-menu__close" }, "Close");
    close.addEventListener("click", function () { closeMenu(true); });
    add(close);
    menu.appendChild(list);
    menu.hidden = false;
    if (window.htmx) {
      window.htmx.process(menu);
    }
    // Beside the member: to its right, or to its left when there is no room.
    var box = member.getBoundingClientRect();
    var area = frame.getBoundingClientRect();
    var width = menu.offsetWidth;
    var left = box.right - area.left + 8;
    if (left + width > area.width) {
      left = Math.max(0, box.left - area.left - width - 8);
    }
    var top = Math.max(0, Math.min(box.top - area.top, area.height - menu.offsetHeight));
    menu.style.left = Math.round(left) + "px";
    menu.style.top = Math.round(top) + "px";
    var first = menu.querySelector("button, a");
    if (first) {
      first.focus();
    }
  }

  function step(member, by) {
    var all = members();
    var index = all.indexOf(member);
    var next = by === "first" ? all[0] : by === "last" ? all[all.length - 1] : all[(index + by + all.length) % all.length];
    if (next) {
      current = next.getAttribute("data-member");
      rove();
      next.focus();
    }
  }

  // Quick entry: Enter adds the member from any field of the add form, as it does from
  // the name (a list of choices or a radio button would otherwise ignore it).
  document.addEventListener("keydown", function (event) {
    var field = event.target;
    if (event.key === "Enter" && field.form && field.closest("#member-form, #several-form")
        && (field.tagName === "SELECT" || field.type === "radio" || field.type === "checkbox")) {
      event.preventDefault();
      field.form.requestSubmit();
    }
  });

  document.addEventListener("keydown", function (event) {
    var member = memberOf(event.target);
    if (member) {
      var keys = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: "first", End: "last" };
      if (event.key in keys) {
        event.preventDefault();
        closeMenu(false);
        step(member, keys[event.key]);
      } else if (event.key === "Enter" || event.key === " ") {
        event.preventDefault();
        openMenu(member);
      }
      return;
    }
    var menu = document.getElementById("member-menu");
    if (menu && !menu.hidden && menu.contains(event.target)) {
      var controls = Array.prototype.slice.call(menu.querySelectorAll("button, a"));
      var at = controls.indexOf(event.target);
      if (event.key === "Escape") {
        event.preventDefault();
        closeMenu(true);
      } else if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        controls[(at + (event.key === "ArrowDown" ? 1 : -1) + controls.length) % controls.length].focus();
      } else if (event.key === "Tab" && (event.shiftKey ? at === 0 : at === controls.length - 1)) {
        // Tab goes round the menu until it is closed (Escape or Close).
        event.preventDefault();
        controls[event.shiftKey ? controls.length - 1 : 0].focus();
      }
    }
  });

  // An extra for mouse and pen: drag a member onto another circle. It snaps to the
  // circle it is dropped in; every move also has a button (WCAG 2.2, 2.5.7).
  var drag = null;
  document.addEventListener("pointerdown", function (event) {
    var member = memberOf(event.target);
    if (member && event.isPrimary && event.pointerType !== "touch" && event.button === 0) {
      drag = { member: member, x: event.clientX, y: event.clientY, moved: false };
    }
  });
  document.addEventListener("pointermove", function (event) {
    if (drag && Math.hypot(event.clientX - drag.x, event.clientY - drag.y) > 10) {
      drag.moved = true;
      drag.member.classList.add("genie-map__member--dragging");
    }
  });
  document.addEventListener("pointerup", function (event) {
    if (!drag) {
      return;
    }
    var done = drag;
    drag = null;
    done.member.classList.remove("genie-map__member--dragging");
    if (!done.moved) {
      return;
    }
    done.dropped = true;
    suppressClick = true;
    var svg = done.member.ownerSVGElement;
    var point = svg.createSVGPoint();
    point.x = event.clientX;
    point.y = event.clientY;
    var inside = point.matrixTransform(svg.getScreenCTM().inverse());
    var centre = parseFloat(svg.getAttribute("data-centre"));
    var rings = svg.getAttribute("data-rings").split(" ").map(parseFloat);
    var distance = Math.hypot(inside.x - centre, inside.y - centre);
    var ring = rings.findIndex(function (radius) { return distance <= radius; });
    if (ring < 0 || CIRCLES[ring][0] === done.member.getAttribute("data-circle")) {
      return; // dropped outside the map, or on its own circle: nothing changes
    }
    var base = svg.getAttribute("data-network-url");
    var form = postForm(base + "members/" + done.member.getAttribute("data-member") + "/move/",
      { circle: CIRCLES[ring][0], version: done.member.getAttribute("data-version") }, "Move");
    form.hidden = true;
    picture().appendChild(form);
    if (window.htmx) {
      window.htmx.process(form);
    }
    form.requestSubmit();
  });
  var suppressClick = false;
  document.addEventListener("dragstart", function (event) {
    if (memberOf(event.target)) {
      event.preventDefault(); // a member is not a link to drag away
    }
  });

  document.addEventListener("click", function (event) {
    var member = memberOf(event.target);
    if (member) {
      event.preventDefault();
      if (suppressClick) {
        suppressClick = false; // the end of a drag, not a click
        return;
      }
      openMenu(member);
      return;
    }
    var toggle = event.target.closest && event.target.closest("[data-genie-highlight]");
    if (toggle) {
      event.preventDefault();
      var support = toggle.getAttribute("data-genie-highlight");
      highlight = highlight === support ? null : support;
      applyHighlight();
      return;
    }
    var menu = document.getElementById("member-menu");
    if (menu && !menu.hidden && !menu.contains(event.target)) {
      closeMenu(false);
    }
  });

  document.addEventListener("focusin", function (event) {
    if (memberOf(event.target)) {
      current = memberOf(event.target).getAttribute("data-member");
    }
  });

  document.addEventListener("htmx:beforeRequest", function (event) {
    var menu = document.getElementById("member-menu");
    if (menu && menu.contains(event.target)) {
      menu.hidden = true; // its buttons are gone once the map is redrawn
    }
  });

  function refresh() {
    var menu = document.getElementById("member-menu");
    if (menu && menu.hidden) {
      menu.innerHTML = "";
      opener = null;
    }
    rove();
    keepReadable();
    applyHighlight();
  }

  document.addEventListener("htmx:afterSettle", refresh);
  document.addEventListener("DOMContentLoaded", function () {
    var map = document.getElementById("network-map");
    if (map) {
      ["illness", "everyday", "emotional"].forEach(function (support) {
        if (map.classList.contains("genie-map--highlight-" + support)) {
          highlight = support;
        }
      });
    }
    refresh();
  });
  window.addEventListener("resize", keepReadable);
})();
