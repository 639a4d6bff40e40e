// Jangkau: count on the minutes of a risk-flag timer between page loads. The server writes the
// minutes into the page (it works without this file); this only keeps them moving, measured from
// when the page was shown, so a wrong phone clock does not matter.
(function () {
  "use strict";
  function tick() {
    var timers = document.querySelectorAll(".timer[data-minutes]");
    for (var i = 0; i < timers.length; i++) {
      var el = timers[i];
      if (!el.dataset.shownAt) el.dataset.shownAt = String(Date.now());
      var minutes = parseInt(el.dataset.minutes, 10) +
        Math.floor((Date.now() - parseInt(el.dataset.shownAt, 10)) / 60000);
      var limit = parseInt(el.dataset.limit || "0", 10);
      var out = el.querySelector(".timer-min");
      if (out) out.textContent = String(minutes);
      if (limit && minutes > limit) {
        el.classList.add("overdue");
        var badge = el.querySelector(".timer-over");
        if (badge) badge.hidden = false;
      }
    }
  }
  document.addEventListener("DOMContentLoaded", tick);
  document.addEventListener("htmx:afterSettle", tick);
  setInterval(tick, 20000);
})();
