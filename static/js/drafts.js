/* Jangkau drafts: every offline form is kept on the phone, encrypted, within a second of each change.
 *
 * How the key lives (issue 5):
 * - Each user on this phone has a random AES-GCM data key. It is stored only wrapped:
 *   1. by a key derived from the password (PBKDF2-SHA-256, 310 000 iterations, random salt). The
 *      login page derives it, because only it sees the password (offline.js sends the login with
 *      fetch, so the key never has to cross a page load unprotected). Offline, after a reload, the
 *      unlock screen asks for the password again and derives it the same way.
 *   2. by this login session's secret (GET /luring/kunci, JSON, no-store: an HMAC of the server's
 *      SECRET_KEY and a nonce in the session). Online reloads and page changes open the drafts with
 *      it, without the password; after logout or expiry the server no longer gives it and the copy
 *      is useless.
 *   While offline, moving from page to page would ask for the password each time, so the unwrapped
 *   key is also handed to the service worker's memory (postMessage; never written anywhere); it is
 *   gone when the browser stops the worker, and then the unlock screen asks again.
 * - The unwrapped key is only ever a CryptoKey in a variable.
 * Store: IndexedDB "jangkau": keys (per user: salt and wrapped keys), drafts (per form instance:
 * the user's hash, kind, state, an urgent flag and times in clear; the fields encrypted), meta.
 * Two tabs: a Web Lock per draft; the second tab shows the draft read-only until it takes over.
 */
(function () {
  "use strict";
  const ITERATIONS = 310000;
  const DB_NAME = "jangkau";
  const enc = new TextEncoder();
  const dec = new TextDecoder();
  const channel = "BroadcastChannel" in window ? new BroadcastChannel("jangkau-drafts") : null;

  const D = {
    user: document.body.dataset.offlineUser || "",
    key: null,
    hasKeyRecord: false,
    listeners: [],
  };
  window.JangkauDrafts = D;

  // ---- IndexedDB ------------------------------------------------------------------------------
  let dbPromise = null;
  function openDb() {
    if (!dbPromise) {
      dbPromise = new Promise((resolve, reject) => {
        const request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = () => {
          const db = request.result;
          db.createObjectStore("keys", { keyPath: "user" });
          db.createObjectStore("drafts", { keyPath: "id" }).createIndex("user", "user");
          db.createObjectStore("meta", { keyPath: "k" });
        };
        request.onsuccess = () => resolve(request.result);
        request.onerror = () => reject(request.error);
      });
    }
    return dbPromise;
  }
  /* One transaction per call, as idb-keyval does it (promisify the request or the transaction). Not
   * idb-keyval itself: its store has one object store and no index, and phones already hold this
   * database (three stores, drafts indexed by user). */
  const done = (r) => new Promise((resolve, reject) => {
    r.oncomplete = r.onsuccess = () => resolve(r.result);
    r.onabort = r.onerror = () => reject(r.error);
  });
  const store = async (name, mode, work) => {
    const tx = (await openDb()).transaction(name, mode);
    const result = work(tx.objectStore(name));
    await done(tx);
    return result;
  };
  const getOne = (name, key) => store(name, "readonly", (s) => done(s.get(key)));
  const putOne = (name, value) => store(name, "readwrite", (s) => { s.put(value); });
  const deleteOne = (name, key) => store(name, "readwrite", (s) => { s.delete(key); });
  /* Read, change and write one row in ONE transaction: nothing written in between is lost (another
   * tab, or the queue marking the row while the form saves it). `change(row)` returns the new row,
   * or null to leave it as it was. Resolves to the row written (or null). */
  const changeOne = (name, key, change) => store(name, "readwrite", (s) => new Promise((resolve, reject) => {
    s.get(key).onsuccess = (e) => {
      try {
        const next = change(e.target.result);
        if (next) s.put(next);
        resolve(next || null);
      } catch (error) { reject(error); }
    };
  }));
  D.changeRow = (id, change) => changeOne("drafts", id, change);
  D.meta = async (k) => { const row = await getOne("meta", k); return row ? row.v : null; };
  D.setMeta = (k, v) => putOne("meta", { k, v });

  // ---- Crypto ---------------------------------------------------------------------------------
  const b64 = (bytes) => btoa(String.fromCharCode(...new Uint8Array(bytes)));
  const unb64 = (text) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));
  const random = (n) => crypto.getRandomValues(new Uint8Array(n));

  async function sha256hex(text) {
    const digest = await crypto.subtle.digest("SHA-256", enc.encode(text));
    return Array.from(new Uint8Array(digest), (b) => b.toString(16).padStart(2, "0")).join("");
  }
  D.userHash = async (username) => (await sha256hex("jangkau:" + username.trim().toLowerCase())).slice(0, 32);

  async function passwordKey(password, salt, iterations) {
    const base = await crypto.subtle.importKey("raw", enc.encode(password), "PBKDF2", false, ["deriveKey"]);
    return crypto.subtle.deriveKey({ name: "PBKDF2", hash: "SHA-256", salt, iterations: iterations || ITERATIONS },
      base, { name: "AES-GCM", length: 256 }, false, ["wrapKey", "unwrapKey"]);
  }
  async function sessionKey(secret) {
    return crypto.subtle.importKey("raw", unb64(secret), "AES-GCM", false, ["wrapKey", "unwrapKey"]);
  }
  async function wrap(dataKey, wrappingKey) {
    const iv = random(12);
    const data = await crypto.subtle.wrapKey("raw", dataKey, wrappingKey, { name: "AES-GCM", iv });
    return { iv, data: new Uint8Array(data) };
  }
  async function unwrap(wrapped, wrappingKey) {
    return crypto.subtle.unwrapKey("raw", wrapped.data, wrappingKey, { name: "AES-GCM", iv: wrapped.iv },
      { name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
  }
  async function encrypt(value) {
    const iv = random(12);
    const data = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, D.key, enc.encode(JSON.stringify(value)));
    return { iv, data: new Uint8Array(data) };
  }
  async function decrypt(row) {
    const plain = await crypto.subtle.decrypt({ name: "AES-GCM", iv: row.iv }, D.key, row.data);
    return JSON.parse(dec.decode(plain));
  }

  // ---- Keys: login, session, unlock ------------------------------------------------------------
  function emit(what) {
    for (const fn of D.listeners) fn(what);
    document.dispatchEvent(new CustomEvent("jangkau:drafts", { detail: what }));
  }
  D.onChange = (fn) => D.listeners.push(fn);

  /* The worker that holds the key: the page's controller, or the active worker of a page it does not
   * control yet (the login page and the first page after it, on the first visit). */
  async function activeWorker() {
    if (!navigator.serviceWorker) return null;
    if (navigator.serviceWorker.controller) return navigator.serviceWorker.controller;
    const reg = await navigator.serviceWorker.getRegistration().catch(() => null);
    return (reg && reg.active) || null;
  }

  async function askWorker(message) {
    const worker = await activeWorker();
    if (!worker) return null;
    return new Promise((resolve) => {
      const ch = new MessageChannel();
      const timer = setTimeout(() => resolve(null), 2000); // a stopped worker takes a moment to wake on a cheap phone
      ch.port1.onmessage = (e) => { clearTimeout(timer); resolve(e.data); };
      worker.postMessage(message, [ch.port2]);
    });
  }

  async function fetchSession() {
    const response = await fetch("/luring/kunci", { credentials: "same-origin", redirect: "manual", cache: "no-store" });
    if (response.type === "opaqueredirect" || !response.ok) return null;
    return response.json();
  }
  D.fetchSession = fetchSession;

  async function keepWithSession(record, session) {
    if (!session || !session.secret) return;
    record.sess = await wrap(D.key, await sessionKey(session.secret));
    await putOne("keys", record);
  }

  /* The worker's memory keeps the key and the session's answer (never on disk): the next pages open
   * the drafts from there, without asking /luring/kunci again. */
  const keepMessage = () => ({ type: "KEEP_KEY", user: D.user, key: D.key, session: D.session || null });
  D.keptInWorker = false; // true once the worker has the key (the next page asks it, not the server)
  const keepInWorker = async () => {
    if (await activeWorker()) {
      D.keptInWorker = (await askWorker(keepMessage())) === true;
      return D.keptInWorker;
    }
    // A first visit: the worker is still installing (slow on a cheap phone). Hand it the key as soon as
    // it is active, without holding this page up, so that the next page does not ask /luring/kunci again.
    if (navigator.serviceWorker) {
      navigator.serviceWorker.ready
        .then(() => (D.key ? askWorker(keepMessage()) : null))
        .then((kept) => { D.keptInWorker = kept === true; }, () => {});
    }
    return false;
  };

  async function useKey(key, record) {
    D.key = key;
    D.hasKeyRecord = true;
    keepInWorker();
    emit("unlocked");
  }

  /* The login page, before sending the password: derive the key (new user on this phone: make one). */
  D.prepareLogin = async (username, password) => {
    const user = await D.userHash(username);
    const record = await getOne("keys", user);
    if (record) {
      try {
        const key = await unwrap(record.pw, await passwordKey(password, record.salt, record.iterations));
        return { user, record, key };
      } catch (error) {
        // Wrong password (the server will say so) or a password changed since: keep the old record
        // aside so that its drafts can still be opened with the old password; make a new key.
      }
    }
    const salt = random(16);
    const key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);
    const fresh = { user, salt, iterations: ITERATIONS, pw: await wrap(key, await passwordKey(password, salt, ITERATIONS)),
      sess: null, old: record ? [record.pw, ...(record.old || [])].slice(0, 3) : [], oldSalts: record ? [record.salt] : [] };
    return { user, record: fresh, key, isNew: true };
  };

  /* After the server accepted the login: store the record, keep the key for this session. `session`:
   * the login's own answer (the session's key, web/offline/routes.py login_answer), else fetched. */
  D.finishLogin = async (prepared, session) => {
    D.user = prepared.user;
    await putOne("keys", prepared.record);
    await D.setMeta("lastUser", prepared.user);
    D.key = prepared.key;
    D.session = session && session.secret ? session : await fetchSession().catch(() => null);
    await keepWithSession(prepared.record, D.session);
    await keepInWorker(); // before the next page loads: it then asks the worker, not the server
  };

  /* Every page: open the drafts from the worker's memory (the key and the session's answer, kept there
   * by the login page or the first page after it), else with the session's secret (one GET of
   * /luring/kunci), else stay locked. */
  D.init = async () => {
    if (!window.indexedDB || !window.crypto || !crypto.subtle) return;
    if (!D.user) D.user = (await D.meta("lastUser")) || "";
    else await D.setMeta("lastUser", D.user);
    if (D.user) {
      const record = await getOne("keys", D.user);
      D.hasKeyRecord = !!record;
      const kept = record && await askWorker({ type: "GET_KEY", user: D.user, withSession: true });
      if (kept && kept.key) { D.key = kept.key; D.session = kept.session || null; D.keptInWorker = true; emit("unlocked"); return; }
      if (kept && !kept.key) { D.key = kept; emit("unlocked"); return; } // a worker of an older version: the key only
    }
    let session = null;
    if (navigator.onLine && (document.body.dataset.offlineUser || (document.body.dataset.offlinePage && D.user))) {
      session = await fetchSession().catch(() => null);
      // A public page (the offline page, a blank form) learns from the session whose phone this is.
      if (session && session.user && session.user !== D.user) { D.user = session.user; await D.setMeta("lastUser", D.user); }
    }
    if (!D.user) return;
    const record = await getOne("keys", D.user);
    D.hasKeyRecord = !!record;
    if (!record) return;
    if (session && session.secret) {
      D.session = session;
      if (record.sess) {
        try { await useKey(await unwrap(record.sess, await sessionKey(session.secret)), record); return; } catch (e) { /* another session */ }
      }
    }
    emit("locked");
  };

  /* The unlock screen. */
  D.unlock = async (password) => {
    const record = await getOne("keys", D.user);
    if (!record) return false;
    let key;
    try {
      key = await unwrap(record.pw, await passwordKey(password, record.salt, record.iterations));
    } catch (error) {
      return false;
    }
    await useKey(key, record);
    if (navigator.onLine && document.body.dataset.offlineUser) {
      await keepWithSession(record, D.session || await fetchSession().catch(() => null));
    }
    return true;
  };

  D.locked = () => !D.key;

  /* Small encrypted values of the user (the codes of their targets and visits, for offline forms). */
  D.putSecret = async (k, value) => { if (D.key) await D.setMeta(k + ":" + D.user, await encrypt(value)); };
  D.getSecret = async (k) => {
    const box = await D.meta(k + ":" + D.user);
    if (!box || !D.key) return null;
    try { return await decrypt(box); } catch (e) { return null; }
  };

  // ---- Drafts -----------------------------------------------------------------------------------
  D.list = async (user) => store("drafts", "readonly", (s) => done(s.index("user").getAll(user || D.user)));
  D.getMeta = (id) => getOne("drafts", id);
  D.read = async (id) => {
    const row = await getOne("drafts", id);
    if (!row || row.user !== D.user || !D.key) return null;
    return { meta: row, content: await decrypt(row) };
  };
  const told = (type, id) => {
    emit(type);
    if (channel) channel.postMessage({ type, id });
  };
  D.write = async (meta, content) => {
    if (!D.key) throw new Error("locked");
    const box = await encrypt(content); // before the transaction: it would close while waiting for crypto
    const row = await changeOne("drafts", meta.id, (previous) => Object.assign(
      { created: Date.now(), attempts: 0, nextTry: 0 }, previous || {}, meta,
      { user: D.user, iv: box.iv, data: box.data, updated: Date.now() }));
    told("saved", meta.id);
    return row;
  };
  /* Change a row's clear fields (state, attempts...). `changes` may be a function of the row. */
  D.update = async (id, changes) => {
    const row = await changeOne("drafts", id, (previous) => previous &&
      Object.assign(previous, typeof changes === "function" ? changes(previous) : changes));
    if (row) told("updated", id);
    return row;
  };
  D.remove = async (id) => {
    await deleteOne("drafts", id);
    told("removed", id);
  };
  /* States that still wait for the worker or the network: they block logout. A form the server
   * refused for good ("refused", "review") does not: it left the queue. */
  D.WAITING = ["draft", "queued", "sending"];
  D.unsentCount = async (user) => (await D.list(user)).filter((r) => D.WAITING.includes(r.state)).length;

  /* Logout with nothing unsent: this user's drafts and key go, and every cache but the app shell. */
  D.wipeUser = async () => {
    const user = D.user;
    for (const row of await D.list(user)) await deleteOne("drafts", row.id);
    if (user) {
      await deleteOne("keys", user);
      for (const k of ["context:", "lastSent:"]) await deleteOne("meta", k + user);
    }
    await D.setMeta("lastUser", "");
    await askWorker({ type: "FORGET_KEYS" });
    if (window.caches) {
      for (const name of await caches.keys()) if (!name.startsWith("jangkau-shell-")) await caches.delete(name);
    }
    D.key = null;
  };

  if (channel) channel.onmessage = (e) => emit("other-tab:" + (e.data && e.data.type));

  // ---- Forms: read, restore, save on change -------------------------------------------------------
  const SKIP = new Set(["csrf_token"]);
  D.fieldsOf = (form) => {
    const out = [];
    for (const el of form.elements) {
      if (!el.name || SKIP.has(el.name) || el.type === "file" || el.type === "submit" || el.type === "button") continue;
      if ((el.type === "checkbox" || el.type === "radio") && !el.checked) continue;
      if (el.tagName === "SELECT" && el.multiple) { for (const o of el.selectedOptions) out.push([el.name, o.value]); continue; }
      out.push([el.name, el.value]);
    }
    return out;
  };
  D.restore = (form, fields) => {
    const values = new Map();
    for (const [name, value] of fields) { if (!values.has(name)) values.set(name, []); values.get(name).push(value); }
    const seen = new Map();
    for (const el of form.elements) {
      if (!el.name || SKIP.has(el.name) || el.type === "file" || el.type === "submit" || el.type === "button") continue;
      if (!values.has(el.name)) { if (el.type === "checkbox" || el.type === "radio") el.checked = false; continue; }
      const list = values.get(el.name);
      if (el.type === "checkbox" || el.type === "radio") el.checked = list.includes(el.value);
      else if (el.tagName === "SELECT" && el.multiple) for (const o of el.options) o.selected = list.includes(o.value);
      else { const i = seen.get(el.name) || 0; seen.set(el.name, i + 1); if (i < list.length) el.value = list[i]; }
      el.dispatchEvent(new Event("input", { bubbles: true }));
    }
    form.dispatchEvent(new CustomEvent("jangkau:restored", { bubbles: true }));
  };

  async function filesOf(form, previous) {
    const out = (previous || []).slice();
    for (const input of form.querySelectorAll("input[type=file]")) {
      if (!input.name || !input.files || !input.files.length) continue;
      for (let i = out.length - 1; i >= 0; i--) if (out[i].field === input.name) out.splice(i, 1);
      for (const file of input.files) {
        out.push({ field: input.name, name: file.name, type: file.type, data: b64(await file.arrayBuffer()) });
      }
    }
    return out;
  }
  D.fileBlob = (f) => new Blob([unb64(f.data)], { type: f.type || "application/octet-stream" });

  D.urgentOf = (form, kind) => {
    if (kind === "darurat") return true;
    if (kind !== "risk") return false;
    if (form.querySelector('.red-flag input[value="ya"]:checked')) return true;
    if (form.querySelector('input[name="level"][value="tinggi"]:checked')) return true;
    const highCount = parseInt(document.body.dataset.riskHighCount || "4", 10);
    return form.querySelectorAll('.risk-item:not(.red-flag) input[value="ya"]:checked').length >= highCount;
  };

  D.slotOf = async (kind, action) => (await sha256hex(D.user + "|" + kind + "|" + action)).slice(0, 24);

  /* Bind one offline form: find or make its draft, restore it, save on every change. */
  D.bind = async (form, action, options) => {
    const kind = form.dataset.offlineForm;
    let idInput = form.querySelector('input[name="instance_id"]');
    if (!idInput) {
      idInput = document.createElement("input");
      idInput.type = "hidden"; idInput.name = "instance_id"; form.appendChild(idInput);
    }
    const wanted = (location.hash.match(/draft=([0-9a-f-]{36})/) || [])[1];
    let draft = null;
    if (wanted) draft = await D.read(wanted);
    if (!draft && idInput.value) draft = await D.read(idInput.value);
    if (!draft && action && !options.oneTap) {
      const slot = await D.slotOf(kind, action);
      const rows = (await D.list()).filter((r) => r.slot === slot && r.state === "draft").sort((a, b) => b.updated - a.updated);
      if (rows.length) draft = await D.read(rows[0].id);
    }
    const binding = { form, kind, action, id: null, files: [], restored: false, readOnly: false };
    if (draft && draft.meta.state === "draft" || draft && wanted) {
      binding.id = draft.meta.id;
      binding.action = binding.action || draft.content.action;
      binding.files = draft.content.files || [];
      D.restore(form, draft.content.fields);
      binding.restored = true;
    } else {
      binding.id = idInput.value || crypto.randomUUID();
    }
    idInput.value = binding.id;
    form.dataset.offlineReady = "1";
    return binding;
  };

  D.save = async (binding, state) => {
    const form = binding.form;
    binding.files = await filesOf(form, binding.files);
    const content = { kind: binding.kind, action: binding.action, title: document.title,
      fields: D.fieldsOf(form), files: binding.files };
    const meta = { id: binding.id, kind: binding.kind, state: state || "draft",
      urgent: D.urgentOf(form, binding.kind), slot: await D.slotOf(binding.kind, binding.action || "") };
    if (state === "queued") { meta.attempts = 0; meta.nextTry = 0; meta.queuedAt = Date.now(); }
    return D.write(meta, content);
  };

  D.lockDraft = (id, onLost) => new Promise((resolve) => {
    if (!navigator.locks) { resolve(true); return; }
    navigator.locks.request("jangkau-draft:" + id, { ifAvailable: true }, (lock) => {
      if (!lock) { resolve(false); return undefined; }
      resolve(true);
      return new Promise(() => {}); // held while the page is open
    }).catch(() => onLost && onLost());
  });
  D.stealDraft = (id, onLost) => new Promise((resolve) => {
    navigator.locks.request("jangkau-draft:" + id, { steal: true }, () => { resolve(true); return new Promise(() => {}); })
      .catch(() => onLost && onLost());
  });
})();
