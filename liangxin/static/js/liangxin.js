// Behaviour every page shares. The Content-Security-Policy allows no inline script,
// event handler or style attribute, so what a template would have written inline is
// declared as a data-* attribute and wired up here.
(function () {
  "use strict";

  // <div class="progress-bar" data-percent="42">: the width, set through the CSSOM
  // (allowed by the CSP, unlike a style="" attribute), also in HTML that htmx swaps in.
  function sizeProgressBars(root) {
    root.querySelectorAll("[data-percent]").forEach(function (bar) {
      var percent = Math.max(0, Math.min(100, Number(bar.getAttribute("data-percent")) || 0));
      bar.style.width = percent + "%";
    });
  }

  // <button data-lx-back>: back to the previous page (was a javascript: link).
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-lx-back]");
    if (target) {
      event.preventDefault();
      window.history.back();
    }
  });

  // <button data-lx-confirm="删除…？">: asks before the form is sent (was onclick=confirm()).
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-lx-confirm]");
    if (target && !window.confirm(target.getAttribute("data-lx-confirm"))) {
      event.preventDefault();
    }
  });

  // <select data-lx-autosubmit>: choosing sends its form (was onchange=this.form.submit()).
  document.addEventListener("change", function (event) {
    var target = event.target;
    if (target.matches && target.matches("[data-lx-autosubmit]") && target.form) {
      target.form.submit();
    }
  });

  // <button data-lx-add-row="#rows">: another empty row like the last one in #rows
  // (a form of parallel lists: a work list's items).
  document.addEventListener("click", function (event) {
    var target = event.target.closest && event.target.closest("[data-lx-add-row]");
    if (!target) return;
    var rows = document.querySelector(target.getAttribute("data-lx-add-row"));
    var last = rows && rows.lastElementChild;
    if (!last) return;
    event.preventDefault();
    var row = last.cloneNode(true);
    row.querySelectorAll("input, textarea").forEach(function (input) { input.value = ""; });
    rows.appendChild(row);
    var first = row.querySelector("input, textarea");
    if (first) first.focus();
  });

  if (window.htmx) {
    window.htmx.onLoad(sizeProgressBars);  // runs for the page and for every swap
  } else {
    sizeProgressBars(document);
  }
})();
