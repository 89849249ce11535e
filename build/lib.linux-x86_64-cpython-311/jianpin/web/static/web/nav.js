// Main menu groups are <details> elements and work without this file. With it, an open group
// closes on Escape (focus goes back to its summary) and on a click outside it.
(function () {
  function groups() { return document.querySelectorAll("details.navgroup[open]"); }
  document.addEventListener("click", function (event) {
    groups().forEach(function (g) { if (!g.contains(event.target)) g.removeAttribute("open"); });
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    groups().forEach(function (g) {
      g.removeAttribute("open");
      if (g.contains(document.activeElement)) g.querySelector("summary").focus();
    });
  });
})();
