// The visit form (workforce): "再加一条隐患" adds an empty hazard row (text, rectify-by).
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
