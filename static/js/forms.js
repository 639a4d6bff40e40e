/* Jangkau offline: the forms that work without signal (data-offline-form). Each is bound to its
 * encrypted draft (drafts.js), saved 300 ms after a change, and queued on submit (sync.js). The
 * server's answer is shown ON the form: what to correct (422, the server's form swapped in), or why it
 * was refused for good (the reason at the top, everything typed left in place to read and copy). */
(function (root) {
  "use strict";
  const D = root.JangkauDrafts;
  const S = root.JangkauSync;
  const { $, say, formNote, isOfflinePage } = root.JangkauUI;
  const refresh = () => root.JangkauQueue.refresh();
  const bindings = [];

  function actionOf(form) {
    const attr = form.getAttribute("action");
    if (attr) { const url = new URL(attr, location.href); return url.pathname + url.search; }
    if (isOfflinePage && location.pathname.startsWith("/luring/")) return null; // the picker decides
    return location.pathname + location.search;
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

  function prefillNow(form) {
    const date = form.elements.visit_date;
    const clock = form.elements.visit_time;
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
    const oneTap = form.dataset.offlineForm === "darurat";
    const dirty = form.dataset.dirty === "1";
    const binding = await D.bind(form, dirty ? null : action, { oneTap });
    binding.action = action || binding.action;
    bindings.push(binding);
    if (isOfflinePage && binding.action) { fillFromUrl(form, binding.action); prefillNow(form); }
    if (binding.restored) { formNote(form, say("restored")); form.dataset.restored = "1"; }
    if (!oneTap && !(await D.lockDraft(binding.id, () => setReadOnly(binding, true, say("otherTab"))))) {
      setReadOnly(binding, true, say("otherTab"));
    }
    let timer = null;
    binding.cancel = () => { clearTimeout(timer); timer = null; };
    binding.flush = async () => {
      binding.cancel();
      if (!binding.readOnly && !oneTap && binding.action) await D.save(binding, "draft");
    };
    const changed = () => { clearTimeout(timer); timer = setTimeout(binding.flush, 300); };
    if (!oneTap) {
      form.addEventListener("input", changed);
      form.addEventListener("change", changed);
      root.addEventListener("pagehide", () => { if (timer) binding.flush(); });
      document.addEventListener("visibilitychange", () => { if (document.hidden && timer) binding.flush(); });
    }
    form.addEventListener("submit", (e) => submit(e, binding));
    return binding;
  }

  /* The server's own form, with its messages, from an HTML answer (or null). */
  function serverForm(result, kind) {
    if (!result || !result.html) return null;
    const page = new DOMParser().parseFromString(result.html, "text/html");
    return { page, form: page.querySelector(`form[data-offline-form="${kind}"]`) };
  }

  /* Why the server refused: its JSON message, else the alert in its page. */
  function reasonOf(result, answer) {
    if (result.message) return result.message;
    const scope = answer && (answer.form || answer.page.getElementById("main") || answer.page.body);
    const alert = scope && scope.querySelector("[role=alert], .error, .flash-error");
    return alert ? alert.textContent.replace(/\s+/g, " ").trim() : "";
  }

  async function showRefusal(binding, result) {
    const form = binding.form;
    const answer = serverForm(result, binding.kind);
    if (result.status === 422 && answer && answer.form) { // show what to correct, as the server said
      // (The row stays "invalid": out of the queue, no hold on logout, until the worker changes it.)
      form.innerHTML = answer.form.innerHTML;
      form.querySelector('input[name="instance_id"]').value = binding.id;
      const invalid = form.querySelector("[aria-invalid=true], [role=alert]");
      if (invalid) { if (invalid.getAttribute("role")) invalid.tabIndex = -1; invalid.focus(); }
      return;
    }
    // Refused for good: the reason on the form; what was typed stays on screen and on the phone.
    const reason = reasonOf(result, answer) || say("stateRefused");
    const note = formNote(form, say("refusedOnForm", { reason }), true);
    note.tabIndex = -1;
    note.focus();
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
    binding.cancel();
    await D.save(binding, "queued");
    formNote(form, navigator.onLine ? say("sending") : say("queued"));
    await refresh();
    if (navigator.onLine) await S.run(true);
    const result = S.results[binding.id];
    delete S.results[binding.id];
    if (result && result.url && (result.status === 201 || result.status === 200)) { location.assign(result.url); return; }
    if (result && !S.retryable(result.status)) { await showRefusal(binding, result); await refresh(); return; }
    if (binding.kind === "darurat") { formNote(form, say("queued")); await refresh(); return; }
    location.assign("/luring#antrean");
  }

  /* The picker on a blank form opened from the offline page: which target or visit it is for. */
  async function pickOptions(box) {
    const context = (await D.getSecret("context")) || { targets: [], visits: [], cases: [] };
    const options = [];
    if (box.dataset.needs === "target") {
      for (const t of context.targets) options.push([box.dataset.action.replace("{target}", t.target).replace("{plan}", t.plan), t.code]);
      return options;
    }
    if (box.dataset.needs === "case") { // the case forms (home visit, mediation, monitoring): the worker's open cases
      for (const c of context.cases || []) options.push([box.dataset.action.replace("{case}", c.ref), c.code]);
      return options;
    }
    for (const row of await D.list()) {
      if (row.kind !== "visit") continue;
      const visit = await D.read(row.id).catch(() => null);
      if (!visit) continue;
      const place = (visit.content.fields.find((f) => f[0] === "place") || [])[1] || "";
      options.push([box.dataset.action.replace("{ref}", row.id), `${place} · ${say("offlineVisit")}`]);
    }
    for (const v of context.visits) options.push([box.dataset.action.replace("{ref}", v.ref), `${v.code} · ${v.date}`]);
    return options;
  }

  async function picker(forms) {
    const box = $("offline-pick");
    if (!box) return null;
    const options = await pickOptions(box);
    box.hidden = false;
    box.textContent = "";
    const label = document.createElement("label");
    label.htmlFor = "offline-pick-select";
    label.textContent = say({ target: "pickTarget", case: "pickCase" }[box.dataset.needs] || "pickVisit");
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

  async function bindEach(forms, main, action) {
    for (const form of forms) {
      let own = form.dataset.offlineAction ? action.replace(/[^/]+$/, form.dataset.offlineAction) : (form === main ? action : actionOf(form));
      if (own && isOfflinePage && form.dataset.offlineAction) own = own.split("?")[0];
      await bindForm(form, own);
    }
  }

  root.JangkauForms = {
    /* Bind every offline form of the page (after the drafts are unlocked). */
    bindAll: async () => {
      const forms = Array.from(document.querySelectorAll("form[data-offline-form]"));
      if (!forms.length) return;
      const main = forms.find((f) => f.dataset.offlineForm !== "darurat") || forms[0];
      const action = actionOf(main);
      if (action !== null) await bindEach(forms, main, action);
      else picker(forms).then((picked) => picked !== null && bindEach(forms, main, picked)); // not awaited: the worker's choice
    },
    /* Forms the page gained later (the person's part of a form page, part.js: its Darurat). */
    bindNew: async () => {
      for (const form of document.querySelectorAll("form[data-offline-form]:not([data-offline-ready])")) {
        await bindForm(form, actionOf(form));
      }
    },
    /* Mark forms typed in before their drafts were ready: binding them then keeps that typing. */
    watchTyping: () => {
      for (const form of document.querySelectorAll("form[data-offline-form]")) {
        form.addEventListener("input", () => { form.dataset.dirty = "1"; }, { once: true });
      }
    },
    note: (text) => { for (const form of document.querySelectorAll("form[data-offline-form]")) formNote(form, text); },
  };
  document.addEventListener("jangkau:before-update", (e) => {
    for (const b of bindings) e.detail.waits.push(b.flush());
  });
})(window);
