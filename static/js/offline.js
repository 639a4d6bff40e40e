/* Jangkau offline, start-up: which of the phone's scripts runs on this page, in what order.
 * drafts.js: drafts and their keys. sync.js: the send queue. ui.js: shared helpers. queue.js: the
 * status bar and queue screen. keys.js: login, unlock, logout. forms.js: the offline forms.
 * part.js: the person's part of a form page the worker served blank. update.js: the service worker
 * and its updates (registered once the page is usable). */
(function (root) {
  "use strict";
  const D = root.JangkauDrafts;
  const S = root.JangkauSync;
  const F = root.JangkauForms;
  const K = root.JangkauKeys;
  const Q = root.JangkauQueue;
  const { say, isOfflinePage } = root.JangkauUI;
  const P = root.JangkauPart;
  const needsKey = () => isOfflinePage || document.querySelector("form[data-offline-form]");
  // A blank form the worker served for a real form's URL: ask for the person's part at once (part.js).
  const part = P.standIn() && navigator.onLine ? P.fetch() : null;

  /* Once the forms are bound (or cannot be): the person's part around them. */
  async function fillPart() {
    if (!part) return;
    if (P.apply(await part) !== "filled") return;
    K.bindLogout(Q.refresh);
    if (!D.locked()) await F.bindNew();
  }

  async function afterUnlock() {
    if (D.session && D.session.context) await D.putSecret("context", D.session.context);
    await F.bindAll();
    await Q.refresh();
    S.run();
  }

  async function start() {
    const login = K.loginForm();
    if (login) K.bindLogin(login);
    K.bindLogout(Q.refresh);
    F.watchTyping();
    if (!root.indexedDB || !root.crypto || !crypto.subtle) return;
    await D.init().catch(() => {});
    if (!D.user) return;
    if (D.locked()) {
      if (D.hasKeyRecord && (needsKey() || (await D.unsentCount()))) K.showUnlock(afterUnlock);
      else if (!D.hasKeyRecord && needsKey()) F.note(say("noKey"));
      if (D.hasKeyRecord) F.note(say("lockedForm"));
      await Q.refresh();
      return;
    }
    await afterUnlock();
  }

  start().then(fillPart).finally(() => root.JangkauUpdate.start());
})(window);
