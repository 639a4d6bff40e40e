// Jangkau: a form is sent once. While a form is being sent its submit buttons are disabled and show
// progress ("Mengirim..."), so three taps on a slow line make one POST. Works for plain forms and for
// htmx forms; the buttons come back when an htmx request ends (or fails), when the page is shown again
// from the back/forward cache, and after 30 s in any case. A form with data-no-busy is left alone; the
// phone's offline forms (forms.js) keep their own state when they take the submit over.
(function () {
  "use strict";
  var LIMIT_MS = 30000;

  function buttons(form) {
    var out = [];
    var all = form.querySelectorAll("button, input[type=submit]");
    for (var i = 0; i < all.length; i++) if (all[i].type === "submit") out.push(all[i]);
    if (form.id) {
      var outside = document.querySelectorAll('[form="' + form.id + '"]');
      for (var j = 0; j < outside.length; j++) if (outside[j].type === "submit") out.push(outside[j]);
    }
    return out;
  }

  function busy(form, submitter) {
    form.dataset.busy = "1";
    form.setAttribute("aria-busy", "true");
    var list = buttons(form);
    for (var i = 0; i < list.length; i++) {
      list[i].disabled = true;
      if (list[i] === submitter || (!submitter && i === 0)) list[i].classList.add("busy");
    }
    var status = document.getElementById("status");
    var text = document.body.dataset.msgSending;
    if (status && text) { status.textContent = text; status.hidden = false; }
    clearTimeout(form._busyTimer);
    form._busyTimer = setTimeout(function () { idle(form); }, LIMIT_MS);
  }

  function idle(form) {
    clearTimeout(form._busyTimer);
    if (form.dataset.busy !== "1") return;
    delete form.dataset.busy;
    form.removeAttribute("aria-busy");
    var list = buttons(form);
    for (var i = 0; i < list.length; i++) { list[i].disabled = false; list[i].classList.remove("busy"); }
    var status = document.getElementById("status");
    if (status && status.textContent === document.body.dataset.msgSending) { status.textContent = ""; status.hidden = true; }
  }

  function skipped(form) {
    var target = form.getAttribute("target");
    return form.hasAttribute("data-no-busy") || (target && target !== "_self");
  }

  // A second tap while the first is on its way: refused before any other handler sees it.
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form.dataset && form.dataset.busy === "1") { e.preventDefault(); e.stopImmediatePropagation(); }
  }, true);

  // After the other handlers (on window: it hears the submit after every listener on the form and the
  // document): a plain submit goes ahead, so disable its buttons (a moment later, once the browser has read
  // the tapped button's name and value). A script that takes the submit over prevents it and is left alone:
  // htmx (handled by its events below), the offline forms (forms.js), the photo shrinking (photo.js, which
  // submits again once the photos are smaller).
  window.addEventListener("submit", function (e) {
    var form = e.target;
    if (e.defaultPrevented || skipped(form)) return;
    var submitter = e.submitter || null;
    form.dataset.busy = "1"; // at once: a second tap in the same moment is refused too
    setTimeout(function () { busy(form, submitter); }, 0);
  });

  function htmxForm(e) {
    var elt = e.detail && e.detail.elt;
    var trigger = e.detail && e.detail.requestConfig && e.detail.requestConfig.triggeringEvent;
    if (!elt || elt.tagName !== "FORM" || skipped(elt)) return null;
    return !trigger || trigger.type === "submit" ? elt : null;
  }
  document.addEventListener("htmx:beforeRequest", function (e) {
    var form = htmxForm(e);
    if (form) busy(form, e.detail.requestConfig.triggeringEvent && e.detail.requestConfig.triggeringEvent.submitter);
  });
  document.addEventListener("htmx:afterRequest", function (e) {
    var form = htmxForm(e);
    if (form) idle(form);
  });

  // Back to a page kept in the back/forward cache: its forms are usable again.
  window.addEventListener("pageshow", function (e) {
    if (!e.persisted) return;
    var forms = document.querySelectorAll("form[data-busy]");
    for (var i = 0; i < forms.length; i++) idle(forms[i]);
  });

  window.JangkauBusy = { busy: busy, idle: idle };
})();
