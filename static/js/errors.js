// The one error pattern: the summary of a refused page takes the focus, so a screen reader reads
// it first; a link in it moves the focus to its field (the link alone would only scroll there
// and leave the field's label above the top of the screen).
(function () {
  "use strict";
  var summary = document.querySelector(".error-summary");
  if (!summary) {
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    if (!link) {
      return;
    }
    var field = document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var label = field.id ? document.querySelector("label[for='" + field.id + "']") : null;
    (label || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
})();
