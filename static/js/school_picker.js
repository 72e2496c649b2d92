// School picker: turns the search form and the school list of the register page into one
// ARIA 1.2 combobox (a text field with a list of suggestions) fed by /scholen/kiezen.
// Without JavaScript the page works as served: search with "Zoeken", choose from the list.
(function () {
  "use strict";
  var select = document.querySelector("select[data-picker-url]");
  var search = document.querySelector("[data-school-search]");
  if (!select || !search || !window.fetch) { return; }
  var url = select.getAttribute("data-picker-url");
  var label = document.querySelector("label[for='" + select.id + "']");
  var hint = document.getElementById("school_q-hulp");

  var input = document.createElement("input");
  input.type = "text";
  input.id = select.id + "-zoek";
  input.className = "form-control" + (select.classList.contains("is-invalid") ? " is-invalid" : "");
  input.setAttribute("role", "combobox");
  input.setAttribute("aria-autocomplete", "list");
  input.setAttribute("aria-expanded", "false");
  input.setAttribute("autocomplete", "off");
  var list = document.createElement("ul");
  list.id = select.id + "-lijst";
  list.className = "school-picker-list list-unstyled";
  list.setAttribute("role", "listbox");
  list.hidden = true;
  if (label) { list.setAttribute("aria-label", label.textContent.trim()); }
  input.setAttribute("aria-controls", list.id);
  var status = document.createElement("div");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");

  // The hint of the search form moves along; the select's errors stay tied to the field.
  var described = [select.getAttribute("aria-describedby"), hint && hint.id].filter(Boolean);
  if (hint) { select.parentNode.insertBefore(hint, select.nextSibling); }
  if (described.length) { input.setAttribute("aria-describedby", described.join(" ")); }
  if (select.getAttribute("aria-invalid")) { input.setAttribute("aria-invalid", select.getAttribute("aria-invalid")); }
  var chosen = select.options[select.selectedIndex];
  if (chosen && chosen.value) { input.value = chosen.textContent; }
  var query = document.getElementById("school_q");
  if (!input.value && query) { input.value = query.value; }

  select.hidden = true;
  select.setAttribute("aria-hidden", "true");
  select.tabIndex = -1;
  select.parentNode.insertBefore(input, select);
  select.parentNode.insertBefore(list, select);
  select.parentNode.insertBefore(status, select);
  if (label) { label.htmlFor = input.id; }
  search.hidden = true;

  var active = -1;
  var timer = null;
  var asked = 0;

  function options() { return list.querySelectorAll("[role='option']"); }

  function close() {
    list.hidden = true;
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
    active = -1;
  }

  function highlight(index) {
    var items = options();
    if (!items.length) { return; }
    active = (index + items.length) % items.length;
    items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
    input.setAttribute("aria-activedescendant", items[active].id);
    items[active].scrollIntoView({ block: "nearest" });
  }

  function choose(item) {
    // The form posts the select, so the server checks the choice as without JavaScript.
    select.innerHTML = "";
    var option = document.createElement("option");
    option.value = item.getAttribute("data-id");
    option.textContent = item.textContent;
    option.selected = true;
    select.appendChild(option);
    input.value = item.textContent;
    close();
    status.textContent = item.textContent;
  }

  function show(schools) {
    list.innerHTML = "";
    schools.forEach(function (school, i) {
      var item = document.createElement("li");
      item.id = list.id + "-" + i;
      item.setAttribute("role", "option");
      item.setAttribute("aria-selected", "false");
      item.setAttribute("data-id", String(school.id));
      item.textContent = school.label;
      item.addEventListener("mousedown", function (event) { event.preventDefault(); choose(item); });
      list.appendChild(item);
    });
    list.hidden = schools.length === 0;
    input.setAttribute("aria-expanded", schools.length ? "true" : "false");
    active = -1;
    // The page's own words (Dutch or English), announced by the status region.
    status.textContent = schools.length === 1
      ? search.getAttribute("data-found-one")
      : search.getAttribute("data-found-many").replace("{n}", String(schools.length));
  }

  function ask() {
    var q = input.value.trim();
    if (!q) { show([]); return; }
    var ticket = ++asked;
    fetch(url + "&q=" + encodeURIComponent(q), { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (response) { return response.ok ? response.json() : { schools: [] }; })
      .then(function (body) { if (ticket === asked) { show(body.schools || []); } })
      .catch(function () { show([]); });
  }

  input.addEventListener("input", function () {
    select.selectedIndex = -1;
    clearTimeout(timer);
    timer = setTimeout(ask, 200);
  });
  input.addEventListener("keydown", function (event) {
    var items = options();
    if (event.key === "ArrowDown") {
      event.preventDefault();
      if (list.hidden && items.length) { list.hidden = false; input.setAttribute("aria-expanded", "true"); }
      highlight(active + 1);
    } else if (event.key === "ArrowUp") {
      event.preventDefault();
      highlight(active - 1);
    } else if (event.key === "Enter") {
      if (!list.hidden && active >= 0) { event.preventDefault(); choose(items[active]); }
    } else if (event.key === "Escape") {
      if (!list.hidden) { event.preventDefault(); close(); }
    }
  });
  input.addEventListener("blur", close);
})();
