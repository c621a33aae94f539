/* Up/down buttons for the admin's reorderable inline rows: they move a row and renumber 顺序. */
"use strict";
(function () {
  function rows(tbody) {
    return Array.from(tbody.querySelectorAll("tr.form-row:not(.empty-form)"));
  }

  function renumber(tbody) {
    let position = 0;
    rows(tbody).forEach(function (row) {
      const input = row.querySelector("input.reorder-position");
      const used = row.classList.contains("has_original") || input.value !== "";
      if (input && used) {
        position += 1;
        input.value = position;
      }
    });
  }

  function move(row, direction) {
    const tbody = row.parentNode;
    const sibling = direction < 0 ? row.previousElementSibling : row.nextElementSibling;
    if (!sibling || !sibling.classList.contains("form-row") || sibling.classList.contains("empty-form")) {
      return;
    }
    if (direction < 0) {
      tbody.insertBefore(row, sibling);
    } else {
      tbody.insertBefore(sibling, row);
    }
    renumber(tbody);
    row.querySelector("input.reorder-position").focus();
  }

  function button(label, title, direction) {
    const element = document.createElement("button");
    element.type = "button";
    element.textContent = label;
    element.title = title;
    element.setAttribute("aria-label", title);
    element.dataset.direction = String(direction);
    return element;
  }

  function addButtons(row) {
    const input = row.querySelector("input.reorder-position");
    if (!input || row.querySelector(".reorder-buttons")) {
      return;
    }
    const holder = document.createElement("span");
    holder.className = "reorder-buttons";
    holder.append(button("↑", "上移", -1), button("↓", "下移", 1));
    input.after(holder);
  }

  document.addEventListener("click", function (event) {
    const target = event.target.closest(".reorder-buttons button");
    if (target) {
      move(target.closest("tr"), Number(target.dataset.direction));
    }
  });
  document.addEventListener("formset:added", function (event) {
    addButtons(event.target);
  });
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("fieldset.reorderable tr.form-row").forEach(addButtons);
  });
})();
