// Warnings inbox: a box marked data-check-all="ids" ticks every box named "ids" of its form,
// and the count of ticked boxes is shown in the element marked data-checked-count.
(function () {
  function boxes(form, name) {
    return form.querySelectorAll('input[type="checkbox"][name="' + name + '"]');
  }
  function count(form) {
    var out = form.querySelector("[data-checked-count]");
    if (!out) return;
    var n = 0;
    boxes(form, "ids").forEach(function (box) { if (box.checked) n += 1; });
    out.textContent = String(n);
  }
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (!el.form) return;
    var name = el.getAttribute && el.getAttribute("data-check-all");
    if (name) boxes(el.form, name).forEach(function (box) { box.checked = el.checked; });
    count(el.form);
  });
})();
