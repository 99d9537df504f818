// The meeting form (life/meeting_form.html): choosing a 活动阵地 fills a blank 地点 with the
// place's name, as the service does on save (life.services._place_station).
(function () {
  "use strict";
  var station = document.getElementById("id_station");
  var place = document.getElementById("id_place");
  if (!station || !place) {
    return;
  }
  station.addEventListener("change", function () {
    var chosen = station.options[station.selectedIndex];
    if (station.value && chosen && !place.value.trim()) {
      place.value = chosen.text;
    }
  });
})();
