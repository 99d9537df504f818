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

  if (window.htmx) {
    window.htmx.onLoad(sizeProgressBars);  // runs for the page and for every swap
  } else {
    sizeProgressBars(document);
  }
})();
