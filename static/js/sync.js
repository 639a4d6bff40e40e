/* Jangkau send queue: forms saved on the phone go to the server one at a time.
 *
 * When: at start-up, on "online", after each form is queued, and when a back-off ends.
 * Order: high-risk assessments and Darurat first; a visit made offline goes before the consent or
 * assessment that points at it (by its instance_id in the URL).
 * Answers (web/offline/submissions.py): 201 sent, 200 already received: the local copy is deleted
 * (only then). A refusal for good (any 4xx but 408 and 429: 409 a conflict or no consent, 403, 404,
 * 413, 422) leaves the queue: the form stays on the phone, readable, with the server's reason, and
 * no longer blocks logout. A network failure, 408, 429 or 5xx waits 2, 4, 8 ... s, at most 5
 * minutes. Nothing is ever discarded automatically. If the session has expired, the queue waits for
 * the worker to log in again, then goes on.
 * One tab at a time sends (a Web Lock).
 */
(function () {
  "use strict";
  const D = window.JangkauDrafts;
  const MAX_BACKOFF = 5 * 60 * 1000;
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/;
  const S = { running: false, results: {}, status: "", timer: null };
  window.JangkauSync = S;

  const backoff = (attempts) => Math.min(MAX_BACKOFF, 1000 * Math.pow(2, Math.max(1, attempts)));

  /* The order to send in: urgent first, each after the visit it depends on. */
  S.order = (items) => {
    const byId = new Map(items.map((i) => [i.meta.id, i]));
    const sorted = items.slice().sort((a, b) => (b.meta.urgent - a.meta.urgent) ||
      ((a.meta.queuedAt || a.meta.created) - (b.meta.queuedAt || b.meta.created)));
    const out = [];
    const add = (item, depth) => {
      if (out.includes(item) || depth > 5) return;
      const dep = (item.content.action || "").match(UUID);
      if (dep && dep[0] !== item.meta.id && byId.has(dep[0])) add(byId.get(dep[0]), depth + 1);
      out.push(item);
    };
    for (const item of sorted) add(item, 0);
    return out;
  };

  function bodyOf(content, csrf) {
    const body = new FormData();
    for (const [name, value] of content.fields) if (name !== "csrf_token") body.append(name, value);
    body.set("csrf_token", csrf);
    for (const f of content.files || []) body.append(f.field, D.fileBlob(f), f.name);
    return body;
  }

  async function post(content, csrf) {
    return fetch(content.action, {
      method: "POST", body: bodyOf(content, csrf), credentials: "same-origin", redirect: "manual",
      headers: { "X-Jangkau-Sync": "1", "X-CSRFToken": csrf, "Accept": "application/json" },
    });
  }

  /* Send one item; returns "sent" | "kept" | "stop" (the network or the session is gone). */
  async function sendOne(item, session) {
    const id = item.meta.id;
    await D.update(id, { state: "sending" });
    let response;
    try {
      response = await post(item.content, session.csrf);
      if (response.status === 400) { // the CSRF token of an older session: once more with a new one
        const fresh = await D.fetchSession();
        if (fresh) { D.session = fresh; session.csrf = fresh.csrf; response = await post(item.content, session.csrf); }
      }
    } catch (error) {
      await failed(item, "network");
      return "stop";
    }
    if (response.status === 201 || response.status === 200) {
      let answer = {};
      try { answer = await response.json(); } catch (e) { /* an answer without JSON still means received */ }
      S.results[id] = { url: answer.url || "/", status: response.status, message: answer.message || "" };
      await D.remove(id); // deleted only now, after a 2xx
      await D.setMeta("lastSent:" + D.user, Date.now());
      return "sent";
    }
    if (response.type === "opaqueredirect") { // sent to the login page: the session has ended
      await D.update(id, { state: "queued" });
      await markAll("login");
      return "stop";
    }
    if (S.retryable(response.status)) {
      await failed(item, "server " + response.status);
      return "stop";
    }
    await keep(item, response); // refused for good: a person must look
    return "kept";
  }

  /* The states of a form refused for good: out of the queue, kept on the phone to read. */
  S.REFUSED = ["review", "invalid", "refused"];
  /* Worth sending again later: the server or the network was busy, not the form wrong. */
  S.retryable = (status) => status === 0 || status === 408 || status === 429 || status >= 500;
  /* The state a refused form keeps on the phone (the queue screen words it): a conflict kept on the
   * server for the case manager, something to correct, or any other refusal. */
  S.refusedState = (status, answer) => (answer && answer.status === "conflict" ? "review"
    : status === 422 ? "invalid" : "refused");

  async function keep(item, response) {
    const status = response.status;
    const type = (response.headers && response.headers.get("Content-Type")) || "";
    let answer = {};
    let html = "";
    try {
      if (type.includes("json")) answer = await response.json();
      else html = await response.text();
    } catch (e) { /* no body */ }
    const message = answer.message || "";
    S.results[item.meta.id] = { status, message, html };
    await D.update(item.meta.id, { state: S.refusedState(status, answer), error: message || String(status), status });
  }

  async function failed(item, why) {
    await D.update(item.meta.id, (row) => {
      const attempts = (row.attempts || 0) + 1;
      return { state: "queued", attempts, nextTry: Date.now() + backoff(attempts), error: why };
    });
  }

  async function markAll(state) {
    S.status = state;
    document.dispatchEvent(new CustomEvent("jangkau:sync", { detail: { status: state } }));
  }

  function schedule(rows) {
    clearTimeout(S.timer);
    const next = rows.filter((r) => r.state === "queued" && r.nextTry > Date.now()).map((r) => r.nextTry);
    if (next.length) S.timer = setTimeout(() => S.run(), Math.max(500, Math.min(...next) - Date.now()));
  }

  /* Send what waits. `force`: ignore the back-off (the worker tapped "Kirim sekarang"). */
  S.run = async (force) => {
    if (S.running || D.locked() || !navigator.onLine) return S.running;
    S.running = (async () => {
      const go = async () => {
        const rows = await D.list();
        const ready = rows.filter((r) => (r.state === "queued" || r.state === "sending") &&
          (force || !r.nextTry || r.nextTry <= Date.now()));
        if (!ready.length) { schedule(rows); return; }
        // The page's session (D.init, or the worker's memory) when it has one; else ask once.
        const session = D.session && D.session.csrf ? Object.assign({}, D.session) : await D.fetchSession().catch(() => null);
        if (!session) { await markAll(navigator.onLine ? "login" : "offline"); return; }
        S.status = "";
        const items = [];
        for (const row of ready) {
          const item = await D.read(row.id).catch(() => null);
          if (item) items.push(item);
        }
        const local = new Map(rows.map((r) => [r.id, r]));
        for (const item of S.order(items)) {
          const dep = (item.content.action || "").match(UUID);
          const visit = dep && dep[0] !== item.meta.id ? local.get(dep[0]) : null;
          if (visit && !S.results[visit.id] && D.WAITING.includes(visit.state)) {
            // Its visit is still on the phone (a draft, or not sent yet): it waits.
            await D.update(item.meta.id, { state: "queued", error: "waiting-visit" });
            continue;
          }
          if (visit && !(S.results[visit.id] && S.results[visit.id].url)) {
            // Its visit was refused for good: this one cannot go either; it leaves the queue too.
            await D.update(item.meta.id, { state: "refused", error: "visit-refused" });
            continue;
          }
          const outcome = await sendOne(item, session);
          document.dispatchEvent(new CustomEvent("jangkau:sync", { detail: { id: item.meta.id, outcome } }));
          if (outcome === "stop") break;
        }
        schedule(await D.list());
      };
      const locked = navigator.locks
        ? navigator.locks.request("jangkau-sync", { ifAvailable: true }, (lock) => lock ? go() : null)
        : go();
      try { await locked; } finally { S.running = false; }
      document.dispatchEvent(new CustomEvent("jangkau:sync", { detail: { done: true } }));
    })();
    return S.running;
  };

  window.addEventListener("online", () => S.run(true));
})();
