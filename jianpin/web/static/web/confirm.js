// Ask before submitting a form marked data-confirm="question" (inline handlers are blocked by the CSP).
document.addEventListener("submit", function (event) {
  var question = event.target.getAttribute && event.target.getAttribute("data-confirm");
  if (question && !window.confirm(question)) event.preventDefault();
});
