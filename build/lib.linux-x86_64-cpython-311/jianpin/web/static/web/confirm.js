// Ask before submitting a form marked data-confirm="question" (inline handlers are blocked by the CSP).
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
// Submit the form of a control marked data-autosubmit when it changes (a year picker, say).
document.addEventListener("change", function (event) {
  var el = event.target;
  if (el.hasAttribute && el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
});
