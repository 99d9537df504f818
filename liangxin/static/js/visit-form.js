// The visit form (workforce): "再加一条隐患" adds an empty hazard row (text, rectify-by);
// choosing another enterprise on an untouched form reloads it with that enterprise's
// checklist items and open hazards (nothing typed is lost: a touched form stays).
(function () {
  var form = document.getElementById("visit-form");
  var select = form && form.querySelector("select[name=enterprise]");
  if (!select) return;
  var touched = false;
  form.addEventListener("input", function (event) {
    if (event.target !== select) touched = true;
  });
  select.addEventListener("change", function () {
    if (touched || !select.value) return;
    var url = new URL(window.location.href);
    url.searchParams.set("enterprise", select.value);
    window.location.assign(url.toString());
  });
})();
(function () {
  var button = document.getElementById("add-hazard");
  if (!button) return;
  button.addEventListener("click", function () {
    var rows = document.getElementById("hazard-rows");
    var row = rows.querySelector(".hazard-row").cloneNode(true);
    row.querySelectorAll("input").forEach(function (input) { input.value = ""; });
    rows.appendChild(row);
    row.querySelector("input").focus();
  });
})();
