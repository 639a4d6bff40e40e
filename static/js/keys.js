/* Jangkau offline: the drafts' key at the doors. Login derives it before the password leaves the page
 * (drafts.js keeps it); the unlock screen asks for the password again when offline; logout is held
 * while a form still waits to be sent, otherwise it wipes this user's drafts and key. */
(function (root) {
  "use strict";
  const D = root.JangkauDrafts;
  const S = root.JangkauSync;
  const { $, say, showBar } = root.JangkauUI;
  const pathOf = (form) => new URL(form.action, location.href).pathname;

  const K = {};

  /* The unlock box; `unlocked` runs once the right password was typed. */
  K.showUnlock = (unlocked) => {
    const box = $("offline-unlock");
    if (!box) return;
    box.hidden = false;
    showBar();
    $("offline-unlock-form").onsubmit = async (e) => {
      e.preventDefault();
      const field = $("offline-password");
      const error = $("offline-unlock-error");
      const ok = await D.unlock(field.value);
      field.value = "";
      if (!ok) {
        error.textContent = say("wrongPassword");
        error.hidden = false;
        field.setAttribute("aria-invalid", "true");
        field.focus();
        return;
      }
      error.hidden = true;
      box.hidden = true;
      await unlocked();
    };
  };

  K.loginForm = () => {
    const password = document.querySelector('form input[name="password"][autocomplete="current-password"]');
    const form = password && password.form;
    return form && /\/login$/.test(pathOf(form)) ? form : null;
  };

  K.bindLogin = (form) => {
    form.addEventListener("submit", async (e) => {
      if (!root.crypto || !crypto.subtle || !root.indexedDB) return; // plain login, no drafts
      e.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      try {
        const prepared = await D.prepareLogin(form.elements.username.value, form.elements.password.value);
        // X-Jangkau-Login: a login that succeeds answers with the session's key and the next page
        // (web/offline/routes.py login_answer), so that no second request to /luring/kunci is needed.
        const response = await fetch(form.action, { method: "POST", body: new FormData(form),
          credentials: "same-origin", redirect: "manual", headers: { "X-Jangkau-Login": "1" } });
        const answer = response.ok && (response.headers.get("Content-Type") || "").includes("json")
          ? await response.json().catch(() => null) : null;
        if (response.type === "opaqueredirect" || (answer && answer.secret)) { // logged in
          await D.finishLogin(prepared, answer);
          if (navigator.storage && navigator.storage.persist) await navigator.storage.persist().catch(() => false);
          const next = (answer && answer.next) || (form.elements.next && form.elements.next.value);
          location.assign(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
          return;
        }
        // Refused (wrong password, throttled): show the server's answer in place.
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const main = page.getElementById("main");
        if (main) $("main").replaceWith(main);
        const again = K.loginForm();
        if (again) {
          K.bindLogin(again);
          const invalid = again.querySelector("[aria-invalid=true]");
          if (invalid) invalid.focus();
        }
      } catch (error) {
        if (button) button.disabled = false;
        const status = $("status");
        if (status) { status.textContent = document.body.dataset.msgOffline || ""; status.hidden = false; }
      }
    });
  };

  /* `refresh` redraws the status bar after "Kirim sekarang". */
  K.bindLogout = (refresh) => {
    for (const form of document.querySelectorAll("form")) {
      if (!/\/logout$/.test(pathOf(form))) continue;
      form.addEventListener("submit", async (e) => {
        if (!D.user || !root.indexedDB) return;
        e.preventDefault();
        const count = await D.unsentCount().catch(() => 0);
        if (count) {
          const box = $("offline-logout");
          $("offline-logout-text").textContent = say("logoutBlocked", { n: count });
          box.hidden = false;
          showBar();
          $("offline-send-now").onclick = async () => {
            await S.run(true);
            await refresh();
            box.hidden = !(await D.unsentCount());
          };
          box.scrollIntoView({ block: "center" });
          return;
        }
        await D.wipeUser();
        form.submit();
      });
    }
  };

  root.JangkauKeys = K;
})(window);
