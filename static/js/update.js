/* Jangkau offline: register the service worker (/sw.js) once the page is usable, and offer a new
 * version without ever swapping it under a form: "Versi baru tersedia" first lets the forms save
 * their drafts (the "jangkau:before-update" event collects their promises), then the new worker
 * takes over and the page reloads. */
(function (root) {
  "use strict";
  const { $, showBar } = root.JangkauUI;
  const navigator = root.navigator;
  let updating = false;

  function offerUpdate(worker) {
    const box = $("offline-update");
    if (!box) return;
    box.hidden = false;
    showBar();
    $("offline-update-button").onclick = async () => {
      updating = true;
      const waits = [];
      document.dispatchEvent(new CustomEvent("jangkau:before-update", { detail: { waits } }));
      await Promise.all(waits);
      worker.postMessage({ type: "SKIP_WAITING" });
    };
  }

  /* Hand the worker what this page already loaded (CSS, JS: versioned, public), so that installing
   * it does not download them a second time on a slow network. */
  async function seedShell() {
    if (!root.caches || navigator.serviceWorker.controller) return;
    const urls = Array.from(document.querySelectorAll("link[rel=stylesheet], link[rel=icon], script[src]"),
      (el) => el.href || el.src).filter((url) => url.startsWith(location.origin + "/") && /[?&]v=/.test(url));
    try { await (await caches.open("jangkau-seed")).addAll(urls); } catch (e) { /* the worker fetches them */ }
  }

  async function register() {
    try {
      await seedShell();
      const reg = await navigator.serviceWorker.register("/sw.js", { scope: "/" });
      const check = () => { if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting); };
      check();
      reg.addEventListener("updatefound", () => {
        const worker = reg.installing;
        if (worker) worker.addEventListener("statechange", () => { if (worker.state === "installed") check(); });
      });
    } catch (e) { /* no worker (e.g. not a secure context): the app works online */ }
  }

  /* A page that opened under the worker, left open a while: the worker now keeps the blank forms
   * (not during the first visit, whose bytes go to the form being opened). */
  const WARM_AFTER_MS = 10000;
  function warmLater() {
    const controller = navigator.serviceWorker.controller;
    if (controller) setTimeout(() => controller.postMessage({ type: "WARM" }), WARM_AFTER_MS);
  }

  root.JangkauUpdate = {
    /* Called once the page's form is usable: the worker's install then does not compete with it. */
    start: () => {
      if (!("serviceWorker" in navigator)) return;
      navigator.serviceWorker.addEventListener("controllerchange", () => { if (updating) location.reload(); });
      warmLater();
      const idle = root.requestIdleCallback || ((fn) => setTimeout(fn, 200));
      if (document.readyState === "complete") idle(register);
      else root.addEventListener("load", () => idle(register), { once: true });
    },
  };
})(window);
