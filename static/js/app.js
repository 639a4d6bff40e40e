// Jangkau: the little JavaScript of our own for htmx pages. Pages work without it; it only improves htmx use.
(function () {
  "use strict";
  const body = document.body;
  const status = document.getElementById("status");

  const say = (message) => {
    if (!status) return;
    status.textContent = message;
    status.hidden = !message;
  };

  // A request that could not reach the server: say so, keep what was typed (htmx swaps nothing).
  document.addEventListener("htmx:sendError", () => say(body.dataset.msgOffline));
  document.addEventListener("htmx:responseError", () => say(body.dataset.msgError));
  document.addEventListener("htmx:afterRequest", (e) => { if (e.detail.successful) say(""); });
  window.addEventListener("online", () => say(""));
  window.addEventListener("offline", () => say(body.dataset.msgOffline));

  // A polled part that knows its version (data-etag) asks for it again only if it changed: the
  // server answers 304 and nothing is swapped (the list is never kept in the browser's cache).
  document.addEventListener("htmx:configRequest", function (e) {
    var etag = e.detail.elt.getAttribute("data-etag");
    if (etag) e.detail.headers["If-None-Match"] = '"' + etag + '"';
  });
  document.addEventListener("htmx:beforeSwap", function (e) {
    if (e.detail.xhr.status === 304) e.detail.shouldSwap = false;
  });

  // Darurat: when its confirmation opens, it shows the time now (the page may have been open a while).
  document.addEventListener("toggle", function (e) {
    var box = e.target;
    if (!box.open || !box.classList || !box.classList.contains("darurat-top")) return;
    var clock = box.querySelector("time[data-clock]");
    if (!clock) return;
    var at = new Date();
    try {
      clock.textContent = at.toLocaleString(document.documentElement.lang || "id",
        { day: "numeric", month: "short", year: "numeric", hour: "2-digit", minute: "2-digit" });
    } catch (err) { return; }
    clock.setAttribute("datetime", at.toISOString());
  }, true);

  // After a swap that holds an invalid field, move focus to the first one.
  document.addEventListener("htmx:afterSwap", (e) => {
    const invalid = e.detail.target.querySelector("[aria-invalid=true]");
    if (invalid) invalid.focus();
  });
})();
