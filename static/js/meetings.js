// Attendance screen: "Meer rijen" adds an empty person row without a round trip.
// Without JavaScript the button posts the form and the server adds three rows.
(function () {
  "use strict";
  document.querySelectorAll("[data-add-row]").forEach(function (button) {
    button.addEventListener("click", function (event) {
      var container = document.getElementById(button.getAttribute("data-add-row"));
      var rows = container ? container.querySelectorAll(".person-row") : [];
      if (!rows.length) { return; }
      event.preventDefault();
      var last = rows[rows.length - 1];
      var copy = last.cloneNode(true);
      var next = rows.length;
      copy.querySelectorAll("[name], [id], [for], [aria-describedby]").forEach(function (el) {
        ["name", "id", "for", "aria-describedby"].forEach(function (attr) {
          var value = el.getAttribute(attr);
          if (value) { el.setAttribute(attr, value.replace(/persons-\d+-/g, "persons-" + next + "-")); }
        });
        if (el.tagName === "INPUT") { el.value = ""; }
      });
      copy.querySelectorAll(".invalid-feedback").forEach(function (el) { el.remove(); });
      var legend = copy.querySelector("legend");
      if (legend) { legend.textContent = legend.textContent.replace(/\d+/, String(next + 1)); }
      container.appendChild(copy);
      var first = copy.querySelector("input");
      if (first) { first.focus(); }
    });
  });
})();
