// The service worker (service-worker/sw.js) loaded into Node as the server fills it in
// (web/offline/shell.py), with fake clients, caches and fetch: what a notification click opens, and
// which pages it answers from its cache.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { runInNewContext } from "node:vm";

const ORIGIN = "https://jangkau.test";
const source = readFileSync(new URL("../../service-worker/sw.js", import.meta.url), "utf8")
  .replace("__VERSION__", "t1")
  .replace("__PRECACHE__", JSON.stringify(["/static/css/app.css?v=1", "/luring/kata.js?lang=id&v=w1", "/luring?lang=id", "/luring/formulir/persetujuan?lang=id"]))
  .replace("__FORMS__", JSON.stringify([{ kind: "consent", pattern: "^/kunjungan/[^/]+/persetujuan$", blank: "/luring/formulir/persetujuan?lang=id", standIn: true },
    { kind: "risk", pattern: "^/kunjungan/[^/]+/asesmen-risiko$", blank: "/luring/formulir/asesmen-risiko?lang=id", standIn: false }]))
  .replace("__OFFLINE_PAGE__", JSON.stringify("/luring?lang=id"));

/* A worker's global scope: its listeners, `clients` with the given windows, a Cache Storage. */
export function loadWorker({ windows = [], cached = {}, network } = {}) {
  const listeners = {};
  const opened = [];
  const stores = new Map();
  const cacheOf = (name) => {
    if (!stores.has(name)) stores.set(name, new Map());
    const store = stores.get(name);
    const key = (request) => new URL(typeof request === "string" ? request : request.url, ORIGIN).href;
    return {
      match: async (request) => { const hit = store.get(key(request)); return hit ? hit.clone() : undefined; },
      put: async (request, response) => { store.set(key(request), response); },
    };
  };
  for (const [url, body] of Object.entries(cached)) {
    cacheOf("jangkau-shell-t1").put(url, new Response(body, { headers: { "Content-Type": "text/html" } }));
  }
  const scope = {
    location: new URL(ORIGIN + "/sw.js"),
    addEventListener: (type, fn) => { listeners[type] = fn; },
    skipWaiting: () => {},
    clients: {
      matchAll: async () => windows,
      openWindow: async (url) => { opened.push(url); return { url }; },
      claim: async () => {},
    },
    caches: { open: async (name) => cacheOf(name), keys: async () => [...stores.keys()], delete: async (n) => stores.delete(n) },
    fetch: network || (async () => { throw new TypeError("offline"); }),
    URL, Request: class extends Request { constructor(url, init) { super(new URL(url, ORIGIN), init); } }, Response, Headers, Promise, Map, Set, JSON, RegExp, Error, TypeError, Array, Object,
  };
  scope.self = scope;
  runInNewContext(source, scope, { filename: "sw.js" });
  return { listeners, opened, scope, stores };
}

function windowClient(url, { focused = false, controlled = true } = {}) {
  const client = { url, focused, visibilityState: focused ? "visible" : "hidden", calls: [] };
  client.focus = async () => { client.calls.push("focus"); return client; };
  client.navigate = async (to) => {
    if (!controlled) throw new TypeError("not controlled");
    client.calls.push("navigate " + to);
    client.url = to;
    return client;
  };
  return client;
}

async function click(worker, data) {
  let closed = false;
  let work = null;
  worker.listeners.notificationclick({
    notification: { data, close: () => { closed = true; } },
    waitUntil: (promise) => { work = promise; },
  });
  await work;
  return closed;
}

test("a click brings the open Jangkau window to the front on the flag list", async () => {
  const home = windowClient(ORIGIN + "/");
  const worker = loadWorker({ windows: [home] });
  assert.equal(await click(worker, { url: "/tanda-bahaya" }), true);
  assert.deepEqual(home.calls, ["focus", "navigate " + ORIGIN + "/tanda-bahaya"]);
  assert.deepEqual(worker.opened, []);
});

test("the focused window is the one moved, and one already there is only focused", async () => {
  const back = windowClient(ORIGIN + "/rencana");
  const front = windowClient(ORIGIN + "/rujukan/3", { focused: true });
  const worker = loadWorker({ windows: [back, front] });
  await click(worker, { url: "/rujukan/3" });
  assert.deepEqual(front.calls, ["focus"]);
  assert.deepEqual(back.calls, []);
});

test("no Jangkau window, or one the worker may not move: a new window on that page", async () => {
  let worker = loadWorker({ windows: [] });
  await click(worker, { url: "/rujukan/3" });
  assert.deepEqual(worker.opened, [ORIGIN + "/rujukan/3"]);
  const stray = windowClient(ORIGIN + "/", { controlled: false });
  worker = loadWorker({ windows: [stray] });
  await click(worker, { url: "/tanda-bahaya" });
  assert.deepEqual(worker.opened, [ORIGIN + "/tanda-bahaya"]);
});

test("only a path of this site is followed", async () => {
  for (const data of [{ url: "https://evil.example/x" }, { url: "//evil.example/x" }, null, { url: 5 }]) {
    const worker = loadWorker({ windows: [] });
    await click(worker, data);
    assert.deepEqual(worker.opened, [ORIGIN + "/"]);
  }
});

async function navigate(worker, path) {
  let answer = null;
  const kept = [];
  worker.listeners.fetch({
    request: { url: ORIGIN + path, method: "GET", mode: "navigate" },
    respondWith: (promise) => { answer = promise; },
    waitUntil: (promise) => { kept.push(promise); },
  });
  const response = await answer;
  await Promise.all(kept);
  return response;
}

test("a form's page is its kept blank copy at once, with no round trip", async () => {
  const asked = [];
  const worker = loadWorker({
    cached: { "/luring/formulir/persetujuan?lang=id": "<form data-offline-form=consent></form>" },
    network: async (request) => { asked.push(typeof request === "string" ? request : request.url); return new Response("page"); },
  });
  const response = await navigate(worker, "/kunjungan/12/persetujuan");
  assert.equal(await response.text(), "<form data-offline-form=consent></form>");
  assert.deepEqual(asked, []);
  assert.equal(await (await navigate(worker, "/kasus/3")).text(), "page"); // any other page: the network, never kept
  assert.deepEqual(asked, [ORIGIN + "/kasus/3"]);
  // a form whose online page holds more than its blank copy (standIn false): the network first
  await (await worker.scope.caches.open("jangkau-shell-t1")).put("/luring/formulir/asesmen-risiko?lang=id", new Response("blank risk"));
  assert.equal(await (await navigate(worker, "/kunjungan/12/asesmen-risiko")).text(), "page");
});

test("a form's page not kept yet comes from the network, and its blank copy is kept for next time", async () => {
  const asked = [];
  const worker = loadWorker({
    network: async (request) => {
      const url = typeof request === "string" ? request : request.url;
      asked.push(url.replace(ORIGIN, ""));
      return new Response(url.includes("/luring/") ? "blank" : "Nama Orang Fiktif", { headers: { "Content-Type": "text/html" } });
    },
  });
  assert.equal(await (await navigate(worker, "/kunjungan/12/persetujuan")).text(), "Nama Orang Fiktif");
  assert.deepEqual(asked, ["/kunjungan/12/persetujuan", "/luring/formulir/persetujuan?lang=id"]);
  assert.equal(await (await navigate(worker, "/kunjungan/13/persetujuan")).text(), "blank");
  assert.equal(asked.length, 2);
  const kept = [];
  for (const [name, store] of worker.stores) for (const [url, response] of store) kept.push([name, url, await response.clone().text()]);
  assert.deepEqual(kept, [["jangkau-shell-t1", ORIGIN + "/luring/formulir/persetujuan?lang=id", "blank"]]); // never the person's page
});

async function get(worker, path) {
  let answer = null;
  worker.listeners.fetch({
    request: { url: ORIGIN + path, method: "GET", mode: "no-cors" },
    respondWith: (promise) => { answer = promise; },
    waitUntil: () => {},
  });
  return answer;
}

test("the offline scripts' words (versioned) come from the cache with no round trip; the offline page from the network first", async () => {
  const asked = [];
  const worker = loadWorker({
    cached: { "/luring/kata.js?lang=id&v=w1": "window.JangkauWords = {};", "/luring?lang=id": "kept offline page" },
    network: async (request) => { asked.push(request.url.replace(ORIGIN, "")); return new Response("from the network"); },
  });
  assert.equal(await (await get(worker, "/luring/kata.js?lang=id&v=w1")).text(), "window.JangkauWords = {};");
  assert.deepEqual(asked, []); // a repeat visit's scripts do not wait 400 ms for the words
  assert.equal(await (await get(worker, "/luring?lang=id")).text(), "from the network");
  assert.deepEqual(asked, ["/luring?lang=id"]);
});

test("words not kept yet come from the network, and offline from nowhere else", async () => {
  const asked = [];
  const worker = loadWorker({
    network: async (request) => { asked.push(request.url.replace(ORIGIN, "")); return new Response("words"); },
  });
  assert.equal(await (await get(worker, "/luring/kata.js?lang=id&v=w1")).text(), "words");
  assert.deepEqual(asked, ["/luring/kata.js?lang=id&v=w1"]);
  const offline = loadWorker({ cached: { "/luring?lang=id": "kept offline page" } });
  assert.equal(await (await get(offline, "/luring?lang=id")).text(), "kept offline page");
});
