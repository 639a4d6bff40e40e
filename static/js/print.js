// Jangkau: the "Cetak" (print) button of printable pages: <button data-print hidden>. Inside a
// <form data-print-form> (a letter), the print is recorded first: a POST to the form's action (counted
// and audited by the server), then the browser's print dialog. Without JavaScript the button stays
// hidden and the browser's own Print menu is used.
(function () {
  "use strict";
  var buttons = document.querySelectorAll("[data-print]");
  for (var i = 0; i < buttons.length; i++) buttons[i].hidden = false;
  document.addEventListener("click", function (e) {
    var button = e.target.closest("[data-print]");
    if (!button) return;
    var form = button.closest("form[data-print-form]");
    if (form) {
      e.preventDefault();
      try {
        fetch(form.action, {
          method: "POST", body: new FormData(form), credentials: "same-origin", keepalive: true,
          headers: { "X-Jangkau-Print": "1" }
        }).then(function (response) {
          if (response.ok) {
            var count = document.querySelector("[data-print-count]");
            if (count) count.hidden = false;
          }
        }, function () {});
      } catch (err) { /* an old browser without fetch: print all the same */ }
    }
    window.print();
  });
})();
