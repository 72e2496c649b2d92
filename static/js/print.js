// "Afdrukken" buttons on the report pages (CSP forbids inline scripts, hence this file).
document.querySelectorAll("[data-print]").forEach(function (button) {
  button.addEventListener("click", function () {
    window.print();
  });
});
