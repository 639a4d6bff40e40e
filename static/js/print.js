// Jangkau: the "Cetak" (print) button of printable pages: <button data-print hidden>. Without
// JavaScript the button stays hidden and the browser's own Print menu is used.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) window.print();
  });
})();
