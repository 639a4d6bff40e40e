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
  .replace("__PRECACHE__", JSON.stringify(["/static/css/app.css?v=1", "/luring?lang=id", "/luring/formulir/persetujuan?lang=id"]))
  .replace("__FORMS__", JSON.stringify([{ kind: "consent", pattern: "^/kunjungan/[^/]+/persetujuan$", blank: "/luring/formulir/persetujuan?lang=id" }]))
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
    URL, Request, Response, Headers, Promise, Map, Set, JSON, RegExp, Error, TypeError, Array, Object,
  };
  scope.self = scope;
  runInNewContext(source, scope, { filename: "sw.js" });
  return { listeners, opened, scope };
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
