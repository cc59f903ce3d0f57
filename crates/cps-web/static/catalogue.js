// Catalogue suggestions as the member types. The search form works without
// this script; it only shows matches sooner.
(function () {
  "use strict";
  var input = document.querySelector("input[data-suggest]");
  var box = document.getElementById("suggestions");
  if (!input || !box || !window.fetch) return;
  var timer = null;
  var last = "";
  function show(items) {
    box.textContent = "";
    if (!items.length) return;
    var ul = document.createElement("ul");
    ul.className = "results";
    items.forEach(function (it) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = "/products/new?model=" + encodeURIComponent(it.code);
      a.textContent = it.name;
      var meta = document.createElement("span");
      meta.className = "muted";
      meta.textContent = " " + it.code + " · " + it.points;
      li.appendChild(a);
      li.appendChild(meta);
      ul.appendChild(li);
    });
    box.appendChild(ul);
  }
  input.addEventListener("input", function () {
    var q = input.value.trim();
    if (q === last) return;
    last = q;
    clearTimeout(timer);
    if (q.length < 2) { show([]); return; }
    timer = setTimeout(function () {
      fetch(input.getAttribute("data-suggest") + "?q=" + encodeURIComponent(q), { credentials: "same-origin" })
        .then(function (r) { return r.ok ? r.json() : []; })
        .then(function (items) { if (input.value.trim() === q) show(items); })
        .catch(function () { show([]); });
    }, 150);
  });
})();
