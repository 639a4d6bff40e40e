/* Jangkau offline, shared by the phone's scripts: element lookup, the words (window.JangkauWords,
 * from /luring/kata.js: web/offline/words.py), times, and a note at the top of a form. */
(function (root) {
  "use strict";
  const document = root.document;
  const texts = root.JangkauWords || {};
  const lang = () => (document.documentElement.lang === "en" ? "en-GB" : "id-ID");
  const time = (ts) => new Date(ts).toLocaleTimeString(lang(), { hour: "2-digit", minute: "2-digit" });

  const U = {
    $: (id) => document.getElementById(id),
    say: (name, vars) => (texts[name] || "").replace(/\{(\w+)\}/g, (m, k) => (vars && k in vars ? vars[k] : m)),
    isOfflinePage: !!document.body.dataset.offlinePage,
    time,
    dayTime: (ts) => {
      const d = new Date(ts);
      return (new Date().toDateString() === d.toDateString() ? "" : d.toLocaleDateString("id-ID") + " ") + time(ts);
    },
    /* A short line at the top of a form (restored, queued, refused...). `alert`: read out at once. */
    formNote: (form, text, alert) => {
      let note = form.querySelector(".offline-form-note");
      if (!note) {
        note = document.createElement("p");
        note.className = "offline-form-note";
        form.prepend(note);
      }
      note.setAttribute("role", alert ? "alert" : "status");
      note.classList.toggle("error", !!alert);
      note.textContent = text;
      return note;
    },
    showBar: () => { const bar = U.$("offline-bar"); if (bar) bar.hidden = false; },
  };
  root.JangkauUI = U;
})(window);
