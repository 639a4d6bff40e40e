/* Jangkau's service worker, served by web/offline/routes.py at /sw.js (scope /).
 *
 * The server fills in VERSION (a hash of the static files, this source and the offline pages),
 * the precache list (versioned URLs) and the offline forms' URL patterns.
 *
 * Rules: GET only (a POST is never touched); only the public app shell is stored (CSS, JS, icons,
 * the offline page, and later the blank forms): pages of logged-in users go straight to the network and are never
 * put in Cache Storage. A form's page is answered with its kept blank copy, and the page asks the
 * network for the person's part (part.js). A new version waits until the worker taps "Versi baru tersedia" (the page
 * saves its drafts first, then sends SKIP_WAITING): never swapped under a half-filled form.
 * It may also hold the drafts' key in memory for the pages of an offline session (never on disk), with
 * the session's answer of /luring/kunci: the next pages open the drafts without asking for it again.
 */
"use strict";
const VERSION = "__VERSION__";
const PRECACHE = __PRECACHE__;
const FORMS = __FORMS__;
const OFFLINE_PAGE = __OFFLINE_PAGE__;
const SHELL = "jangkau-shell-" + VERSION;
const keys = new Map(); // user -> CryptoKey, in memory only
const sessions = new Map(); // user -> the session's answer of /luring/kunci (its secret, CSRF token, codes), in memory only

// The blank forms are kept later, not while the first visit loads (WARM, from update.js, when a
// page has been open a while): the phone's first minute goes to the form the worker opened.
const LATER = new Set(FORMS.map((form) => form.blank));

/* Put these shell URLs in the cache: the files the registering page had loaded come from the seed;
 * versioned files (v=) never change, so the HTTP cache may answer them; pages are fetched anew and
 * without cookies (they touch no session; their language is named in the URL). */
async function precache(urls) {
  const cache = await caches.open(SHELL);
  const seed = await caches.open("jangkau-seed");
  await Promise.all(urls.map(async (url) => {
    const versioned = /[?&]v=/.test(url);
    const seeded = versioned && await seed.match(url);
    if (seeded) return cache.put(url, seeded);
    const response = await fetch(versioned
      ? new Request(url, { credentials: "same-origin" })
      : new Request(url, { cache: "no-cache", credentials: "omit" }));
    if (!response.ok) throw new Error("precache " + url + " " + response.status);
    return cache.put(url, response);
  }));
}

async function missing(urls) {
  const cache = await caches.open(SHELL);
  const out = [];
  for (const url of urls) if (!(await cache.match(url))) out.push(url);
  return out;
}

self.addEventListener("install", (event) => {
  // Public pages and files only (PRECACHE.map: the shell, less the blank forms kept LATER).
  event.waitUntil(precache(PRECACHE.filter((url) => !LATER.has(url))));
});

self.addEventListener("activate", (event) => {
  event.waitUntil((async () => {
    for (const name of await caches.keys()) {
      if (name !== SHELL) await caches.delete(name);
    }
    await self.clients.claim();
  })());
});

self.addEventListener("message", (event) => {
  const data = event.data || {};
  const reply = (value) => event.ports[0] && event.ports[0].postMessage(value);
  if (data.type === "SKIP_WAITING") self.skipWaiting();
  else if (data.type === "VERSION") reply(VERSION);
  else if (data.type === "KEEP_KEY" && data.user && data.key) {
    keys.set(data.user, data.key);
    if (data.session) sessions.set(data.user, data.session);
    reply(true);
  } else if (data.type === "GET_KEY" && data.withSession) {
    reply(keys.has(data.user) ? { key: keys.get(data.user), session: sessions.get(data.user) || null } : null);
  } else if (data.type === "GET_KEY") reply(keys.get(data.user) || null);
  else if (data.type === "FORGET_KEYS") { keys.clear(); sessions.clear(); reply(true); }
  else if (data.type === "WARM") event.waitUntil(missing([...LATER]).then(precache).then(() => reply(true), () => reply(false)));
});

function blankFormFor(path) {
  for (const form of FORMS) if (new RegExp(form.pattern).test(path)) return form.blank;
  return null;
}

async function fromShell(url) {
  const cache = await caches.open(SHELL);
  return cache.match(url);
}

/* A form's page whose blank copy stands for it (standIn, web/offline/forms.py): that copy from the
 * cache at once, when kept (a repeat visit is usable with no round trip; static/js/part.js then asks
 * the server for the person's part, never stored). Not kept yet: from the network, and this one
 * form's blank copy is kept for the next time. Other pages: the network first. */
async function navigate(request, event) {
  const url = new URL(request.url);
  const blank = blankFormFor(url.pathname);
  const standIn = blank && FORMS.some((form) => form.blank === blank && form.standIn);
  const kept = standIn && await fromShell(blank);
  if (kept) return kept;
  try {
    const response = await fetch(request);
    if (standIn && response.ok && event) event.waitUntil(precache([blank]).catch(() => null));
    // A form for a visit made offline that the server does not know yet: the blank form.
    if (blank && response.status === 404 && /[0-9a-f]{8}-[0-9a-f]{4}-/.test(url.pathname)) {
      return (await fromShell(blank)) || response;
    }
    return response; // never cached: it may hold personal data
  } catch (error) {
    const cache = await caches.open(SHELL);
    return (await cache.match(request, { ignoreSearch: true })) || // an offline page itself
      (blank && await fromShell(blank)) || (await fromShell(OFFLINE_PAGE)) ||
      new Response("Offline", { status: 503, headers: { "Content-Type": "text/plain" } });
  }
}

async function staticFile(request) {
  const cache = await caches.open(SHELL);
  const exact = await cache.match(request);
  if (exact) return exact;
  try {
    return await fetch(request);
  } catch (error) {
    const any = await cache.match(request, { ignoreSearch: true });
    if (any) return any;
    throw error;
  }
}

/* Another file of the shell (the offline scripts' words, /luring/kata.js?v=: public, no personal
 * data, and its URL changes with its content): from the cache at once, so that a page's scripts never
 * wait for a round trip. Not kept, or unversioned (the offline page): the network first. */
async function shellFile(path, request) {
  const kept = /[?&]v=/.test(path) && await fromShell(path);
  return kept || fetch(request).catch(() => fromShell(path));
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") return; // POSTs go to the server untouched
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(navigate(request, event));
  } else if (url.pathname.startsWith("/static/")) {
    event.respondWith(staticFile(request));
  } else if (PRECACHE.includes(url.pathname + url.search)) {
    event.respondWith(shellFile(url.pathname + url.search, request));
  }
  // Anything else (htmx fragments, JSON) goes to the network as usual, never stored.
});

/* A click on an alert's notification (static/js/alerts.js: the notification carries only the URL of
 * the flag list or the referral in its data, no name): bring a Jangkau window to the front on that
 * page, or open one. Only a path of this site is followed. */
function notificationUrl(data) {
  const path = data && typeof data.url === "string" ? data.url : "/";
  if (!path.startsWith("/") || path.startsWith("//")) return new URL("/", self.location.origin).href;
  const url = new URL(path, self.location.origin);
  return url.origin === self.location.origin ? url.href : new URL("/", self.location.origin).href;
}

async function openFromNotification(url) {
  const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
  const ours = windows.filter((client) => new URL(client.url).origin === self.location.origin);
  const win = ours.find((client) => client.focused) || ours.find((client) => client.visibilityState === "visible") || ours[0];
  if (win) {
    try {
      const focused = await win.focus();
      if (win.url === url) return focused;
      return (await (focused || win).navigate(url)) || focused; // null when the page is not ours to move
    } catch (error) { /* not controlled by this worker (navigate refuses): a new window instead */ }
  }
  return self.clients.openWindow ? self.clients.openWindow(url) : null;
}

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  event.waitUntil(openFromNotification(notificationUrl(event.notification.data)));
});
