// Jangkau: new risk flags and referral answers on every page of a case manager or the Kepala.
// The bar #alerts (base.html) asks the server every few seconds (GET data-poll, If-None-Match); the
// server answers 304 when nothing changed, or the bar's list (templates/referrals/_alerts.html). An
// item newer than the ones this tab has already announced plays a short tone (WebAudio, no sound
// file), vibrates where the phone allows, and shows the browser's notification when the app is in
// the background and the user allowed it. Sound and notifications are switched on by a tap.
(function () {
  "use strict";
  var POLL_MS = 5000;

  /* The items of a list ({kind, id}) newer than what `seen` ({flag: id, answer: id}) holds. */
  function fresh(items, seen) {
    return items.filter(function (item) { return item.id > ((seen && seen[item.kind]) || 0); });
  }

  /* `seen` moved up to the newest item of each kind (never down: a closed flag is not "new" again). */
  function advance(seen, items) {
    var out = { flag: (seen && seen.flag) || 0, answer: (seen && seen.answer) || 0 };
    items.forEach(function (item) { if (item.id > (out[item.kind] || 0)) out[item.kind] = item.id; });
    return out;
  }

  /* What to do with an answer from the server: the status decides. */
  function outcome(status) {
    if (status === 304) return "same";
    if (status === 200) return "show";
    return "skip"; // logged out, offline, refused: keep what is shown, try again later
  }

  /* The notification of new items: their notices (a count, "jawaban rujukan baru": never a name, as the
   * lock screen shows it to anyone) and the URL a click opens (service-worker/sw.js notificationclick):
   * the flags' list first, else the one referral, else home. */
  function notice(items) {
    var texts = [];
    items.forEach(function (item) { if (item.text && texts.indexOf(item.text) < 0) texts.push(item.text); });
    var flag = items.filter(function (item) { return item.kind === "flag"; })[0];
    var url = flag ? flag.url : items.length === 1 ? items[0].url : "/";
    return { body: texts.join("\n"), url: url && url.charAt(0) === "/" && url.charAt(1) !== "/" ? url : "/" };
  }

  var api = { fresh: fresh, advance: advance, outcome: outcome, notice: notice, POLL_MS: POLL_MS };
  window.JangkauAlerts = api;

  var bar = typeof document !== "undefined" && document.getElementById && document.getElementById("alerts");
  if (!bar) return;

  var who = (document.body && document.body.dataset.offlineUser) || "";
  var SEEN = "jangkau.alerts.seen." + who;
  var READ = "jangkau.alerts.read." + who;
  var SOUND = "jangkau.alerts.sound." + who;
  var store = {
    get: function (area, key) { try { return JSON.parse(area.getItem(key) || "null"); } catch (e) { return null; } },
    set: function (area, key, value) { try { area.setItem(key, JSON.stringify(value)); } catch (e) { /* private mode */ } }
  };
  var audio = null;

  function armAudio() {
    var Context = window.AudioContext || window.webkitAudioContext;
    if (!Context) return;
    if (!audio) audio = new Context();
    if (audio.state === "suspended") audio.resume();
  }

  function tone() {
    if (!audio || audio.state !== "running") return;
    var start = audio.currentTime;
    [0, 0.25].forEach(function (offset, i) {
      var osc = audio.createOscillator();
      var gain = audio.createGain();
      osc.type = "sine";
      osc.frequency.value = i ? 1175 : 880;
      gain.gain.setValueAtTime(0.0001, start + offset);
      gain.gain.exponentialRampToValueAtTime(0.4, start + offset + 0.02);
      gain.gain.exponentialRampToValueAtTime(0.0001, start + offset + 0.2);
      osc.connect(gain).connect(audio.destination);
      osc.start(start + offset);
      osc.stop(start + offset + 0.22);
    });
  }

  function notify(items) {
    if (!document.hidden || !("Notification" in window) || Notification.permission !== "granted") return;
    var message = notice(items);
    var options = { body: message.body, data: { url: message.url }, tag: "jangkau-alert", renotify: true,
                    icon: "/static/icons/icon-192.png" };
    var fallback = function () { try { new Notification("Jangkau", options); } catch (e) { /* not here */ } };
    if (navigator.serviceWorker && navigator.serviceWorker.controller) {
      navigator.serviceWorker.ready.then(function (reg) { return reg.showNotification("Jangkau", options); }).catch(fallback);
    } else fallback();
  }

  function announce(items) {
    tone();
    if (navigator.vibrate) { try { navigator.vibrate([200, 100, 200]); } catch (e) { /* not allowed yet */ } }
    notify(items);
  }

  function itemsOf(list) {
    var out = [];
    var rows = list.querySelectorAll("[data-alert]");
    for (var i = 0; i < rows.length; i++) {
      var link = rows[i].querySelector("a[href]");
      out.push({ kind: rows[i].dataset.alert, id: parseInt(rows[i].dataset.id, 10) || 0, el: rows[i],
                 text: (rows[i].dataset.notice || rows[i].textContent).replace(/\s+/g, " ").trim(),
                 url: link ? link.getAttribute("href") : "/" });
    }
    return out;
  }

  function enableButton() {
    var wanted = !store.get(localStorage, SOUND) ||
      ("Notification" in window && Notification.permission === "default");
    var button = bar.querySelector(".alert-enable");
    if (!wanted) { if (button) button.remove(); return; }
    if (button) return;
    button = document.createElement("button");
    button.type = "button";
    button.className = "alert-enable";
    button.textContent = bar.dataset.msgEnable;
    button.addEventListener("click", function () {
      armAudio();
      store.set(localStorage, SOUND, true);
      var done = function () { button.remove(); render(); };
      if ("Notification" in window && Notification.permission === "default") {
        Promise.resolve(Notification.requestPermission()).then(done, done);
      } else done();
    });
    bar.appendChild(button);
  }

  function render() {
    var list = bar.querySelector("ul");
    var read = store.get(localStorage, READ) || 0;
    var shown = 0;
    if (list) {
      itemsOf(list).forEach(function (item) {
        var hide = item.kind === "answer" && item.id <= read;
        item.el.hidden = hide;
        if (!hide) shown++;
      });
    }
    enableButton();
    bar.hidden = !shown && !bar.querySelector(".alert-enable");
  }

  function take(html) {
    var holder = document.createElement("div");
    holder.innerHTML = html;
    var list = holder.querySelector("ul");
    var old = bar.querySelector("ul");
    if (old) old.remove();
    if (list) bar.insertBefore(list, bar.firstChild);
    var items = list ? itemsOf(list) : [];
    var read = store.get(localStorage, READ) || 0;
    var unread = items.filter(function (item) { return item.kind === "flag" || item.id > read; });
    var seen = store.get(sessionStorage, SEEN);
    var news = fresh(unread, seen);
    store.set(sessionStorage, SEEN, advance(seen, items));
    render();
    if (news.length) announce(news);
  }

  var busy = false;
  function poll() {
    if (busy) return;
    busy = true;
    var headers = { "X-Requested-With": "fetch" };
    if (bar.dataset.etag) headers["If-None-Match"] = '"' + bar.dataset.etag + '"';
    fetch(bar.dataset.poll, { headers: headers, credentials: "same-origin", cache: "no-store" })
      .then(function (response) {
        var what = outcome(response.status);
        if (what !== "show") return null;
        var etag = (response.headers.get("ETag") || "").replace(/^W\//, "").replace(/"/g, "");
        return response.text().then(function (html) { bar.dataset.etag = etag; take(html); });
      })
      .catch(function () { /* no signal: the next poll tries again */ })
      .then(function () { busy = false; });
  }

  // An answer opened from the bar is read: it leaves the bar (flags stay until a case manager takes them).
  bar.addEventListener("click", function (e) {
    var row = e.target.closest && e.target.closest('[data-alert="answer"]');
    if (row) store.set(localStorage, READ, Math.max(store.get(localStorage, READ) || 0, parseInt(row.dataset.id, 10) || 0));
  });
  // Browsers let a page make sound only after a tap on it: the first tap anywhere arms the tone.
  document.addEventListener("pointerdown", function () { if (store.get(localStorage, SOUND)) armAudio(); }, { once: true });

  render();
  poll();
  setInterval(poll, POLL_MS);
})();
