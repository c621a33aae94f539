/* Type-ahead fields: a text box marked data-suggest="township|department|place" (and optionally
   data-suggest-level="county") suggests matches from /suggest/ as a person types, and a picked suggestion submits its id under the box's name.
   Without this script the box submits the typed name, which the server resolves itself. */
(function () {
  "use strict";

  var PAUSE_MS = 150;  // wait for a pause in typing before asking
  var NOTHING_FOUND = "没有找到匹配的名称";
  var SUGGEST_FAILED = "暂时无法获取提示，可直接输入全称后搜索";

  function typeahead(box) {
    var form = box.form;
    var chosen = document.createElement("input");  // carries the id (or the typed name) on submit
    chosen.type = "hidden";
    chosen.name = box.name;
    chosen.value = box.dataset.chosen || "";
    box.removeAttribute("name");
    box.insertAdjacentElement("afterend", chosen);

    var list = document.createElement("ul");
    list.className = "suggest-list";
    list.id = box.id + "-suggestions";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    chosen.insertAdjacentElement("afterend", list);
    box.parentNode.classList.add("suggest");
    box.setAttribute("role", "combobox");
    box.setAttribute("aria-autocomplete", "list");
    box.setAttribute("aria-controls", list.id);
    box.setAttribute("aria-expanded", "false");

    var chosenLabel = chosen.value ? box.value : "";
    var timer = null;
    var asked = 0;
    var active = -1;

    function close() {
      list.hidden = true;
      list.textContent = "";
      active = -1;
      box.setAttribute("aria-expanded", "false");
      box.removeAttribute("aria-activedescendant");
    }

    function pick(result) {
      box.value = result.label;
      chosen.value = String(result.id);
      chosenLabel = result.label;
      close();
    }

    function highlight(position) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) { return; }
      active = (position + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      box.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function show(results, message) {
      list.textContent = "";
      active = -1;
      results.forEach(function (result, i) {
        var item = document.createElement("li");
        item.id = list.id + "-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        item.textContent = result.label;  // text, never markup: names come from published lists
        item.addEventListener("mousedown", function (event) { event.preventDefault(); pick(result); });
        list.appendChild(item);
      });
      if (!results.length) {
        var empty = document.createElement("li");
        empty.className = "suggest-empty";
        empty.textContent = message || NOTHING_FOUND;
        list.appendChild(empty);
      }
      list.hidden = false;
      box.setAttribute("aria-expanded", "true");
    }

    function ask() {
      var text = box.value.trim();
      if (!text) { close(); return; }
      var params = new URLSearchParams({ field: box.dataset.suggest, q: text });
      if (box.dataset.suggestLevel) { params.set("level", box.dataset.suggestLevel); }  // e.g. counties only
      var place = form && form.elements.namedItem("place");
      if (place && place.value && box.dataset.suggest !== "place") { params.set("county", place.value); }
      var ticket = ++asked;
      fetch(box.dataset.suggestUrl + "?" + params.toString(), { headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : Promise.reject(response.status); })
        .then(function (answer) { if (ticket === asked) { show(answer.results); } })
        .catch(function () { if (ticket === asked) { show([], SUGGEST_FAILED); } });
    }

    box.addEventListener("input", function () {
      if (box.value !== chosenLabel) { chosen.value = ""; }  // edited: no longer the picked one
      clearTimeout(timer);
      timer = setTimeout(ask, PAUSE_MS);
    });
    box.addEventListener("keydown", function (event) {
      var items = list.querySelectorAll("[role=option]");
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        if (list.hidden) { ask(); return; }
        event.preventDefault();
        highlight(active + (event.key === "ArrowDown" ? 1 : -1));
      } else if (event.key === "Enter" && !list.hidden && active >= 0 && items[active]) {
        event.preventDefault();
        items[active].dispatchEvent(new MouseEvent("mousedown"));
      } else if (event.key === "Escape") {
        close();
      }
    });
    box.addEventListener("blur", close);
    if (form) {
      form.addEventListener("submit", function () {
        // A name typed but not picked goes as typed: the server looks it up by name.
        if (!chosen.value) { chosen.value = box.value.trim(); }
      });
    }
  }

  document.querySelectorAll("input[data-suggest]").forEach(typeahead);
}());
