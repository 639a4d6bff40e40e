/* Jangkau offline: the status bar (online, how many forms wait, the last send, urgent ones) and the
 * queue screen of /luring (each form on the phone, its state, open and delete). */
(function (root) {
  "use strict";
  const D = root.JangkauDrafts;
  const S = root.JangkauSync;
  const { $, say, time, dayTime } = root.JangkauUI;
  const capital = (word) => word.charAt(0).toUpperCase() + word.slice(1);

  function button(text, onclick) {
    const b = document.createElement("button");
    b.type = "button";
    b.textContent = text;
    b.onclick = onclick;
    return b;
  }

  function stateText(row) {
    let text = say(row.error === "waiting-visit" ? "stateWaitingVisit" : "state" + capital(row.state));
    if (S.status === "login" && row.state === "queued") text = say("noLogin");
    if (row.state === "queued" && row.nextTry > Date.now()) text += " · " + say("nextTry", { t: time(row.nextTry) });
    if (S.REFUSED.includes(row.state) && row.error && !/^\d+$/.test(row.error)) text += " · " + row.error;
    return text + " · " + dayTime(row.updated);
  }

  function item(row) {
    const li = document.createElement("li");
    li.className = "queue-item state-" + row.state;
    li.dataset.id = row.id;
    const head = document.createElement("p");
    const strong = document.createElement("strong");
    strong.textContent = say("kind" + capital(row.kind)) || row.kind;
    head.append(strong);
    if (row.urgent) {
      const badge = document.createElement("span");
      badge.className = "badge tinggi";
      badge.textContent = say("urgentLabel");
      head.append(" ", badge);
    }
    const state = document.createElement("p");
    state.className = "queue-state";
    state.textContent = stateText(row);
    const actions = document.createElement("div");
    actions.className = "actions";
    if (!D.locked()) {
      actions.append(button(say("open"), async () => { // the form's URL is inside the encrypted draft
        const found = await D.read(row.id);
        if (found && found.content.action) location.assign(found.content.action + "#draft=" + row.id);
      }));
    }
    if (row.state !== "queued" && row.state !== "sending") {
      actions.append(button(say("delete"), async () => {
        if (confirm(say("confirmDelete"))) { await D.remove(row.id); await Q.refresh(); }
      }));
    }
    li.append(head, state, actions);
    return li;
  }

  function renderQueue(rows) {
    const list = document.querySelector("[data-queue-list]");
    list.textContent = "";
    const send = $("offline-send");
    if (send) {
      send.hidden = !rows.some((r) => r.state === "queued" || r.state === "sending") || D.locked() || !navigator.onLine;
      send.onclick = async () => { await S.run(true); await Q.refresh(); };
    }
    if (!rows.length) {
      const li = document.createElement("li");
      li.className = "empty";
      li.textContent = say("empty");
      list.append(li);
      return;
    }
    rows.sort((a, b) => (b.urgent - a.urgent) || (a.created - b.created));
    for (const row of rows) list.append(item(row));
  }

  const Q = {
    refresh: async () => {
      const bar = $("offline-bar");
      if (!bar || !D.user) return;
      const online = navigator.onLine;
      const net = $("offline-net");
      net.textContent = online ? say("online") : say("offline");
      net.className = "net " + (online ? "on" : "off");
      document.body.classList.toggle("is-offline", !online);
      const rows = await D.list().catch(() => []);
      const waiting = rows.filter((r) => D.WAITING.includes(r.state)).length;
      $("offline-count").textContent = waiting ? say("waiting", { n: waiting }) : say("noneWaiting");
      const last = await D.meta("lastSent:" + D.user).catch(() => null);
      $("offline-last").textContent = last ? say("last", { t: dayTime(last) }) : "";
      const urgent = rows.filter((r) => r.urgent && r.state !== "draft").length;
      const warn = $("offline-urgent");
      warn.hidden = !urgent;
      warn.textContent = urgent ? say("urgent", { n: urgent }) : "";
      if (document.querySelector("[data-queue-list]")) renderQueue(rows);
      bar.hidden = false;
    },
  };
  root.JangkauQueue = Q;

  let timer = null;
  const soon = () => { clearTimeout(timer); timer = setTimeout(Q.refresh, 200); };
  root.addEventListener("online", Q.refresh);
  root.addEventListener("offline", Q.refresh);
  document.addEventListener("jangkau:sync", soon);
  document.addEventListener("jangkau:drafts", soon);
})(window);
