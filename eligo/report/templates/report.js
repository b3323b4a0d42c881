/* Eligo report: select a criterion to show its rule; filters toggle classes on <body>. */
(function () {
  "use strict";
  var boxes = document.querySelectorAll(".crit[data-id]");
  var empty = document.getElementById("rule-empty");

  function select(id, focusRule) {
    var rule = document.getElementById("rule-" + id);
    if (!rule) { return; }
    document.querySelectorAll(".rule").forEach(function (r) { r.hidden = r !== rule; });
    boxes.forEach(function (b) { b.setAttribute("aria-pressed", String(b.dataset.id === id)); });
    empty.hidden = true;
    if (history.replaceState) { history.replaceState(null, "", "#" + id); }
    if (focusRule) { document.getElementById("rule").focus(); }
  }

  boxes.forEach(function (box) {
    box.addEventListener("click", function () { select(box.dataset.id, false); });
    box.addEventListener("keydown", function (event) {
      if (event.key === "Enter" || event.key === " ") { event.preventDefault(); select(box.dataset.id, event.key === "Enter" && event.shiftKey); }
    });
  });

  document.querySelectorAll("[data-filter]").forEach(function (input) {
    input.addEventListener("change", function () { document.body.classList.toggle("hide-" + input.dataset.filter, !input.checked); });
  });

  document.querySelectorAll('a[href^="#c-"]').forEach(function (link) {
    link.addEventListener("click", function (event) {
      var box = document.getElementById(link.getAttribute("href").slice(1));
      if (box) { event.preventDefault(); box.scrollIntoView({ block: "center" }); box.focus(); }
    });
  });

  var start = decodeURIComponent(location.hash.slice(1));
  if (document.getElementById("rule-" + start)) { select(start, false); }
  else if (boxes.length) { select(boxes[0].dataset.id, false); }
})();
