// Account scope pickers: a search box above each long region/organization list hides
// the options whose name or code does not contain the typed text (selected ones stay).
(function () {
  "use strict";
  document.querySelectorAll("input[data-filter-for]").forEach(function (box) {
    var select = document.getElementById(box.dataset.filterFor);
    if (!select) {
      return;
    }
    box.addEventListener("input", function () {
      var needle = box.value.trim().toLowerCase();
      Array.prototype.forEach.call(select.options, function (option) {
        var match = !needle || option.text.toLowerCase().indexOf(needle) !== -1;
        option.hidden = !(match || option.selected);
      });
    });
  });
})();
