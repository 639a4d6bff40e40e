/* Jangkau offline: the person's part of a form page (issue 10 point 6). On a repeat visit the service
 * worker answers a form's page from its cache at once, with the blank form (no name, no token): the
 * worker can type at once. This asks the page's own URL again with X-Jangkau-Part: 1 (never stored,
 * web/offline/part.py) and puts around the form what belongs to the person: the header with the user,
 * the crumb, the person's code and name, Darurat, the CSRF token and any value the server filled in.
 * Offline, or for a visit made offline that the server does not know yet, the blank form stays. */
(function (root) {
  "use strict";
  const document = root.document;
  const U = root.JangkauUI;
  const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-/;

  const P = {
    /* This page is a blank copy standing for a real form's URL (served by the worker). */
    standIn: () => U.isOfflinePage && !location.pathname.startsWith("/luring"),
  };

  /* Ask for the part; resolves to {status, page} | {login: true} | null (no signal). */
  P.fetch = () => fetch(location.pathname + location.search, {
    headers: { "X-Jangkau-Part": "1" }, credentials: "same-origin", redirect: "manual", cache: "no-store",
  }).then(async (response) => {
    if (response.type === "opaqueredirect") return { login: true };
    const page = new DOMParser().parseFromString(await response.text(), "text/html");
    return { status: response.status, page };
  }).catch(() => null);

  function setToken(form, token) {
    if (!token) return;
    let input = form.querySelector('input[name="csrf_token"]');
    if (!input) {
      input = document.createElement("input");
      input.type = "hidden";
      input.name = "csrf_token";
      form.prepend(input);
    }
    input.value = token;
  }

  /* The server's prefilled values into a form nothing was typed or restored in: set quietly (no input
   * event: an untouched form does not become a draft). */
  function fill(form, values) {
    const by = new Map();
    for (const [name, value] of values) { if (!by.has(name)) by.set(name, []); by.get(name).push(value); }
    for (const el of form.elements) {
      if (!el.name || !by.has(el.name) || el.type === "file" || el.type === "submit" || el.type === "button") continue;
      const list = by.get(el.name);
      if (el.type === "checkbox" || el.type === "radio") el.checked = list.includes(el.value);
      else if (el.tagName === "SELECT") for (const o of el.options) o.selected = list.includes(o.value);
      else if (!el.value) el.value = list[0];
    }
  }
  P.fill = fill;

  /* The server's form tag's attributes onto the live form (its action; the risk form's htmx level
   * check), and htmx itself when the server's page uses it and this blank copy did not load it. */
  function takeAttributes(form, attrs, page) {
    for (const [name, value] of Object.entries(attrs)) form.setAttribute(name, value);
    if (!Object.keys(attrs).some((name) => name.startsWith("hx-"))) return;
    if (root.htmx) { root.htmx.process(form); return; }
    const script = page.querySelector('script[src*="/vendor/htmx"]');
    if (!script || document.querySelector('script[src*="/vendor/htmx"]')) return;
    const config = page.querySelector('meta[name="htmx-config"]');
    if (config && !document.querySelector('meta[name="htmx-config"]')) document.head.append(document.importNode(config, true));
    const s = document.createElement("script");
    s.src = script.getAttribute("src");
    document.head.append(s); // htmx reads its config and binds the page when it loads
  }

  /* Put the part around the live forms. A form is untouched when nothing was typed (data-dirty) or
   * restored in it. Returns "filled" | "kept" | "login" | "refused". */
  P.apply = (answer) => {
    const untouched = (form) => !form.dataset.dirty && !form.dataset.restored;
    if (!answer) return "kept"; // no signal: the blank form, as offline
    if (answer.login) { location.assign("/login?next=" + encodeURIComponent(location.pathname + location.search)); return "login"; }
    const page = answer.page;
    const main = document.getElementById("main");
    const theirs = page.getElementById("main");
    if (!main || !theirs) return "kept";
    if (answer.status === 404 && UUID.test(location.pathname)) return "kept"; // a visit made offline, not sent yet
    const active = document.activeElement;
    const range = active && "selectionStart" in active ? [active.selectionStart, active.selectionEnd] : null;
    const live = Array.from(main.querySelectorAll("form[data-offline-form]"));
    if (answer.status !== 200) { // refused (403, 404...): the server's words, and no form
      main.replaceChildren(...theirs.childNodes);
      return "refused";
    }
    const taken = [];
    for (const slot of theirs.querySelectorAll("template[data-part-form]")) {
      const form = live.find((f) => f.dataset.offlineForm === slot.dataset.partForm);
      if (!form) { slot.remove(); continue; }
      let values = [];
      let attrs = {};
      try { values = JSON.parse(slot.dataset.values || "[]"); } catch (e) { /* none */ }
      try { attrs = JSON.parse(slot.dataset.attrs || "{}"); } catch (e) { /* none */ }
      setToken(form, (values.find((v) => v[0] === "csrf_token") || [])[1]);
      const filled = values.filter((v) => v[0] !== "csrf_token" && v[0] !== "instance_id");
      if (filled.length && untouched(form)) fill(form, filled);
      slot.replaceWith(form);
      taken.push([form, attrs]);
    }
    main.replaceChildren(...theirs.childNodes);
    for (const [form, attrs] of taken) takeAttributes(form, attrs, page);
    const header = document.querySelector("header.top");
    const theirHeader = page.querySelector("header.top");
    if (header && theirHeader) header.replaceWith(theirHeader);
    const footer = page.querySelector("footer.foot");
    if (footer && !document.querySelector("footer.foot")) document.body.append(footer);
    const alerts = page.getElementById("alerts");
    const script = page.querySelector('script[src*="/js/alerts.js"]');
    if (alerts && script && !document.getElementById("alerts")) { // a case manager's alerts bar
      document.querySelector("header.top").after(alerts);
      const s = document.createElement("script");
      s.src = script.getAttribute("src");
      document.body.append(s);
    }
    for (const [k, v] of Object.entries(page.body.dataset)) if (k !== "offlinePage") document.body.dataset[k] = v;
    if (page.body.hasAttribute("hx-headers")) document.body.setAttribute("hx-headers", page.body.getAttribute("hx-headers"));
    document.title = page.title || document.title;
    if (active && active !== document.body && document.contains(active) && document.activeElement !== active) {
      active.focus();
      if (range) try { active.setSelectionRange(range[0], range[1]); } catch (e) { /* not a text field */ }
    }
    document.body.dataset.partFilled = "1";
    return "filled";
  };

  root.JangkauPart = P;
})(window);
