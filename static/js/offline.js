/* Jangkau offline: the service worker, the status bar, unlock, login and logout, and the offline forms.
 * Drafts and their keys: drafts.js. The send queue: sync.js. Texts: window.JangkauWords (/luring/kata.js, web/offline/words.py).
 */
(function () {
  "use strict";
  const D = window.JangkauDrafts;
  const S = window.JangkauSync;
  const $ = (id) => document.getElementById(id);
  const texts = window.JangkauWords || {};
  const say = (name, vars) => (texts[name] || "").replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? vars[k] : m));
  const isOfflinePage = !!document.body.dataset.offlinePage;
  const bindings = [];
  let updating = false;

  const time = (ts) => new Date(ts).toLocaleTimeString(document.documentElement.lang === "en" ? "en-GB" : "id-ID",
    { hour: "2-digit", minute: "2-digit" });
  const dayTime = (ts) => {
    const d = new Date(ts);
    return (new Date().toDateString() === d.toDateString() ? "" : d.toLocaleDateString("id-ID") + " ") + time(ts);
  };

  // ---- Service worker: register; offer a new version, never swap it under a form -----------------
  function offerUpdate(worker) {
    const box = $("offline-update");
    if (!box) return;
    box.hidden = false;
    $("offline-bar").hidden = false;
    $("offline-update-button").onclick = async () => {
      updating = true;
      await Promise.all(bindings.map((b) => b.flush && b.flush()));
      worker.postMessage({ type: "SKIP_WAITING" });
    };
  }
  /* Hand the worker what this page already loaded (CSS, JS: versioned, public), so that installing
   * it does not download them a second time on a slow network. */
  async function seedShell() {
    if (!window.caches || navigator.serviceWorker.controller) return;
    const urls = Array.from(document.querySelectorAll("link[rel=stylesheet], link[rel=icon], script[src]"),
      (el) => el.href || el.src).filter((url) => url.startsWith(location.origin + "/") && /[?&]v=/.test(url));
    try { await (await caches.open("jangkau-seed")).addAll(urls); } catch (e) { /* the worker fetches them */ }
  }
  if ("serviceWorker" in navigator) {
    seedShell().then(() => navigator.serviceWorker.register("/sw.js", { scope: "/" })).then((reg) => {
      const check = () => { if (reg.waiting && navigator.serviceWorker.controller) offerUpdate(reg.waiting); };
      check();
      reg.addEventListener("updatefound", () => {
        const worker = reg.installing;
        if (worker) worker.addEventListener("statechange", () => { if (worker.state === "installed") check(); });
      });
    }).catch(() => { /* no worker (e.g. not a secure context): the app works online */ });
    navigator.serviceWorker.addEventListener("controllerchange", () => { if (updating) location.reload(); });
  }

  // ---- The status bar ------------------------------------------------------------------------------
  async function refreshBar() {
    const bar = $("offline-bar");
    if (!bar || !D.user) return;
    const online = navigator.onLine;
    const net = $("offline-net");
    net.textContent = online ? say("online") : say("offline");
    net.className = "net " + (online ? "on" : "off");
    document.body.classList.toggle("is-offline", !online);
    const rows = await D.list().catch(() => []);
    $("offline-count").textContent = rows.length ? say("waiting", { n: rows.length }) : say("noneWaiting");
    const last = await D.meta("lastSent:" + D.user).catch(() => null);
    $("offline-last").textContent = last ? say("last", { t: dayTime(last) }) : "";
    const urgent = rows.filter((r) => r.urgent && r.state !== "draft").length;
    const warn = $("offline-urgent");
    warn.hidden = !urgent;
    warn.textContent = urgent ? say("urgent", { n: urgent }) : "";
    if (document.querySelector("[data-queue-list]")) renderQueue(rows);
    bar.hidden = false;
  }

  // ---- Unlock ----------------------------------------------------------------------------------------
  function showUnlock(show) {
    const box = $("offline-unlock");
    if (!box) return;
    box.hidden = !show;
    if (!show) return;
    $("offline-bar").hidden = false;
    const form = $("offline-unlock-form");
    form.onsubmit = async (e) => {
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
      await afterUnlock();
    };
  }

  function needsKey() {
    return isOfflinePage || document.querySelector("form[data-offline-form]");
  }

  // ---- Login: derive the key before the password leaves the page ------------------------------------
  function loginForm() {
    const password = document.querySelector('form input[name="password"][autocomplete="current-password"]');
    const form = password && password.form;
    return form && /\/login$/.test(new URL(form.action, location.href).pathname) ? form : null;
  }
  function bindLogin(form) {
    form.addEventListener("submit", async (e) => {
      if (!window.crypto || !crypto.subtle || !window.indexedDB) return; // plain login, no drafts
      e.preventDefault();
      const button = form.querySelector('button[type="submit"]');
      if (button) button.disabled = true;
      try {
        const username = form.elements.username.value;
        const prepared = await D.prepareLogin(username, form.elements.password.value);
        const response = await fetch(form.action, { method: "POST", body: new FormData(form),
          credentials: "same-origin", redirect: "manual" });
        if (response.type === "opaqueredirect") { // logged in
          await D.finishLogin(prepared);
          if (navigator.storage && navigator.storage.persist) await navigator.storage.persist().catch(() => false);
          const next = form.elements.next && form.elements.next.value;
          location.assign(next && next.startsWith("/") && !next.startsWith("//") ? next : "/");
          return;
        }
        // Refused (wrong password, throttled): show the server's answer in place.
        const page = new DOMParser().parseFromString(await response.text(), "text/html");
        const main = page.getElementById("main");
        if (main) $("main").replaceWith(main);
        const again = loginForm();
        if (again) { bindLogin(again); const invalid = again.querySelector("[aria-invalid=true]"); if (invalid) invalid.focus(); }
      } catch (error) {
        if (button) button.disabled = false;
        const status = $("status");
        if (status) { status.textContent = document.body.dataset.msgOffline || ""; status.hidden = false; }
      }
    });
  }

  // ---- Logout: blocked while something is unsent; otherwise wipe this user's drafts ---------------
  function bindLogout() {
    for (const form of document.querySelectorAll("form")) {
      if (!/\/logout$/.test(new URL(form.action, location.href).pathname)) continue;
      form.addEventListener("submit", async (e) => {
        if (!D.user || !window.indexedDB) return;
        e.preventDefault();
        const count = await D.unsentCount().catch(() => 0);
        if (count) {
          const box = $("offline-logout");
          $("offline-logout-text").textContent = say("logoutBlocked", { n: count });
          box.hidden = false;
          $("offline-bar").hidden = false;
          $("offline-send-now").onclick = async () => { await S.run(true); await refreshBar(); box.hidden = !(await D.unsentCount()); };
          box.scrollIntoView({ block: "center" });
          return;
        }
        await D.wipeUser();
        form.submit();
      });
    }
  }

  // ---- Offline forms -------------------------------------------------------------------------------
  const here = () => location.pathname + location.search;

  function actionOf(form) {
    const attr = form.getAttribute("action");
    if (attr) { const url = new URL(attr, location.href); return url.pathname + url.search; }
    if (isOfflinePage && location.pathname.startsWith("/luring/")) return null; // the picker decides
    return here();
  }

  function setReadOnly(binding, on, message) {
    binding.readOnly = on;
    for (const el of binding.form.elements) el.disabled = on;
    let note = binding.form.querySelector(".offline-tab-note");
    if (on && !note) {
      note = document.createElement("div");
      note.className = "offline-tab-note flash";
      note.setAttribute("role", "status");
      const p = document.createElement("p");
      p.textContent = message;
      const take = document.createElement("button");
      take.type = "button";
      take.textContent = say("takeOver");
      take.onclick = async () => {
        await D.stealDraft(binding.id, () => setReadOnly(binding, true, say("otherTab")));
        const fresh = await D.read(binding.id);
        setReadOnly(binding, false);
        if (fresh) D.restore(binding.form, fresh.content.fields);
      };
      note.append(p, take);
      binding.form.prepend(note);
    } else if (!on && note) note.remove();
    if (note) for (const el of note.querySelectorAll("button")) el.disabled = false;
  }

  function formNote(form, text) {
    let note = form.querySelector(".offline-form-note");
    if (!note) {
      note = document.createElement("p");
      note.className = "offline-form-note";
      note.setAttribute("role", "status");
      form.prepend(note);
    }
    note.textContent = text;
  }

  function prefillNow(form) {
    const date = form.elements.visit_date, clock = form.elements.visit_time;
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    if (date && !date.value) date.value = `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
    if (clock && !clock.value) clock.value = `${pad(now.getHours())}:${pad(now.getMinutes())}`;
  }

  function fillFromUrl(form, action) {
    const params = new URL(action, location.href).searchParams;
    for (const name of ["target", "plan"]) if (form.elements[name] && params.get(name)) form.elements[name].value = params.get(name);
  }

  async function bindForm(form, action) {
    const kind = form.dataset.offlineForm;
    const oneTap = kind === "darurat";
    const dirty = form.dataset.dirty === "1";
    const binding = await D.bind(form, dirty ? null : action, { oneTap });
    binding.action = action || binding.action;
    bindings.push(binding);
    if (isOfflinePage && binding.action) { fillFromUrl(form, binding.action); prefillNow(form); }
    if (binding.restored) formNote(form, say("restored"));
    if (!oneTap && !(await D.lockDraft(binding.id, () => setReadOnly(binding, true, say("otherTab"))))) {
      setReadOnly(binding, true, say("otherTab"));
    }
    let timer = null;
    binding.cancel = () => { clearTimeout(timer); timer = null; };
    binding.flush = async () => { clearTimeout(timer); timer = null; if (!binding.readOnly && !oneTap && binding.action) await D.save(binding, "draft"); };
    const changed = () => { clearTimeout(timer); timer = setTimeout(binding.flush, 300); };
    if (!oneTap) {
      form.addEventListener("input", changed);
      form.addEventListener("change", changed);
      window.addEventListener("pagehide", () => { if (timer) binding.flush(); });
      document.addEventListener("visibilitychange", () => { if (document.hidden && timer) binding.flush(); });
    }
    form.addEventListener("submit", (e) => submit(e, binding));
    return binding;
  }

  async function submit(e, binding) {
    const form = binding.form;
    if (!binding.action || binding.readOnly) { e.preventDefault(); return; }
    if (e.submitter && e.submitter.name === "preview") { // "check the level" needs the server
      if (navigator.onLine) { await binding.flush(); return; }
      e.preventDefault();
      formNote(form, document.body.dataset.msgOffline || say("offline"));
      return;
    }
    e.preventDefault();
    if (binding.cancel) binding.cancel();
    await D.save(binding, "queued");
    formNote(form, navigator.onLine ? say("sending") : say("queued"));
    await refreshBar();
    if (navigator.onLine) await S.run(true);
    const result = S.results[binding.id];
    if (result && result.url && (result.status === 201 || result.status === 200)) { location.assign(result.url); return; }
    if (result && result.status === 422 && result.html) { // show what to correct, as the server said
      const page = new DOMParser().parseFromString(result.html, "text/html");
      const fresh = page.querySelector(`form[data-offline-form="${binding.kind}"]`);
      if (fresh) {
        form.innerHTML = fresh.innerHTML;
        form.querySelector('input[name="instance_id"]').value = binding.id;
        await D.update(binding.id, { state: "draft" });
        const invalid = form.querySelector("[aria-invalid=true]");
        if (invalid) invalid.focus();
        delete S.results[binding.id];
        await refreshBar();
        return;
      }
    }
    if (binding.kind === "darurat") { formNote(form, say("queued")); await refreshBar(); return; }
    location.assign("/luring#antrean");
  }

  // ---- The picker on a blank form opened from the offline page ---------------------------------------
  async function picker(forms) {
    const box = $("offline-pick");
    if (!box) return null;
    const needs = box.dataset.needs;
    const context = (await D.getSecret("context")) || { targets: [], visits: [] };
    const options = [];
    if (needs === "target") {
      for (const t of context.targets) options.push([box.dataset.action.replace("{target}", t.target).replace("{plan}", t.plan), t.code]);
    } else {
      for (const row of await D.list()) {
        if (row.kind !== "visit") continue;
        const visit = await D.read(row.id).catch(() => null);
        if (!visit) continue;
        const place = (visit.content.fields.find((f) => f[0] === "place") || [])[1] || "";
        options.push([box.dataset.action.replace("{ref}", row.id), `${place} · ${say("offlineVisit")}`]);
      }
      for (const v of context.visits) options.push([box.dataset.action.replace("{ref}", v.ref), `${v.code} · ${v.date}`]);
    }
    box.hidden = false;
    box.textContent = "";
    const label = document.createElement("label");
    label.htmlFor = "offline-pick-select";
    label.textContent = needs === "target" ? say("pickTarget") : say("pickVisit");
    box.append(label);
    if (!options.length) {
      const p = document.createElement("p");
      p.className = "hint";
      p.textContent = say("pickNone");
      box.append(p);
      for (const form of forms) for (const el of form.elements) el.disabled = true;
      return null;
    }
    const select = document.createElement("select");
    select.id = "offline-pick-select";
    select.append(new Option(say("pickChoose"), ""));
    for (const [value, text] of options) select.append(new Option(text, value));
    box.append(select);
    for (const form of forms) form.hidden = true;
    return new Promise((resolve) => {
      select.addEventListener("change", () => {
        if (!select.value) return;
        history.replaceState(null, "", select.value); // the page now stands for the real form's URL
        box.hidden = true;
        for (const form of forms) form.hidden = false;
        resolve(select.value);
      });
    });
  }

  async function bindForms() {
    const forms = Array.from(document.querySelectorAll("form[data-offline-form]"));
    if (!forms.length) return;
    const main = forms.find((f) => f.dataset.offlineForm !== "darurat") || forms[0];
    let action = actionOf(main);
    if (action === null) action = await picker(forms);
    if (action === null) return;
    for (const form of forms) {
      let own = form.dataset.offlineAction ? action.replace(/[^/]+$/, form.dataset.offlineAction) : (form === main ? action : actionOf(form));
      if (own && isOfflinePage && form.dataset.offlineAction) own = own.split("?")[0];
      await bindForm(form, own);
    }
  }

  // ---- The queue page --------------------------------------------------------------------------------
  function renderQueue(rows) {
    const list = document.querySelector("[data-queue-list]");
    list.textContent = "";
    const send = $("offline-send");
    if (send) {
      send.hidden = !rows.some((r) => r.state === "queued" || r.state === "sending") || D.locked() || !navigator.onLine;
      send.onclick = async () => { await S.run(true); await refreshBar(); };
    }
    if (!rows.length) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = say("empty");
      list.append(li);
      return;
    }
    rows.sort((a, b) => (b.urgent - a.urgent) || (a.created - b.created));
    for (const row of rows) {
      const li = document.createElement("li");
      li.className = "queue-item state-" + row.state;
      li.dataset.id = row.id;
      const head = document.createElement("p");
      const strong = document.createElement("strong");
      strong.textContent = say("kind" + row.kind.charAt(0).toUpperCase() + row.kind.slice(1)) || row.kind;
      head.append(strong);
      if (row.urgent) {
        const badge = document.createElement("span");
        badge.className = "badge tinggi";
        badge.textContent = say("urgentLabel");
        head.append(" ", badge);
      }
      const state = document.createElement("p");
      state.className = "queue-state";
      let text = say(row.error === "waiting-visit" ? "stateWaitingVisit" : "state" + row.state.charAt(0).toUpperCase() + row.state.slice(1));
      if (S.status === "login" && row.state === "queued") text = say("noLogin");
      if (row.state === "queued" && row.nextTry > Date.now()) text += " · " + say("nextTry", { t: time(row.nextTry) });
      state.textContent = text + " · " + dayTime(row.updated);
      li.append(head, state);
      const actions = document.createElement("div");
      actions.className = "actions";
      if (!D.locked()) {
        const open = document.createElement("button");
        open.type = "button";
        open.textContent = say("open");
        open.onclick = async () => { // the form's URL is inside the encrypted draft
          const item = await D.read(row.id);
          if (item && item.content.action) location.assign(item.content.action + "#draft=" + row.id);
        };
        actions.append(open);
      }
      if (row.state !== "queued" && row.state !== "sending") {
        const del = document.createElement("button");
        del.type = "button";
        del.textContent = say("delete");
        del.onclick = async () => { if (confirm(say("confirmDelete"))) { await D.remove(row.id); await refreshBar(); } };
        actions.append(del);
      }
      li.append(actions);
      list.append(li);
    }
  }

  // ---- Start ---------------------------------------------------------------------------------------
  async function afterUnlock() {
    if (D.session && D.session.context) await D.putSecret("context", D.session.context);
    await bindForms();
    await refreshBar();
    S.run();
  }

  async function start() {
    const login = loginForm();
    if (login) bindLogin(login);
    bindLogout();
    for (const form of document.querySelectorAll("form[data-offline-form]")) {
      form.addEventListener("input", () => { form.dataset.dirty = "1"; }, { once: true });
    }
    if (!window.indexedDB || !window.crypto || !crypto.subtle) return;
    await D.init().catch(() => {});
    if (!D.user) return;
    if (D.locked()) {
      if (D.hasKeyRecord && (needsKey() || (await D.unsentCount()))) showUnlock(true);
      else if (!D.hasKeyRecord && needsKey()) {
        for (const form of document.querySelectorAll("form[data-offline-form]")) formNote(form, say("noKey"));
      }
      for (const form of document.querySelectorAll("form[data-offline-form]")) if (D.hasKeyRecord) formNote(form, say("lockedForm"));
      await refreshBar();
      return;
    }
    await afterUnlock();
  }

  window.addEventListener("online", refreshBar);
  window.addEventListener("offline", refreshBar);
  let barTimer = null;
  const refreshSoon = () => { clearTimeout(barTimer); barTimer = setTimeout(refreshBar, 200); };
  document.addEventListener("jangkau:sync", refreshSoon);
  document.addEventListener("jangkau:drafts", refreshSoon);
  start();
})();
