// The phone's drafts and queue (static/js/drafts.js, sync.js) loaded into Node as a page would load
// them: fake-indexeddb for IndexedDB, Node's Web Crypto, and a fake server in place of fetch.
import "fake-indexeddb/auto";
import { readFileSync } from "node:fs";
import { runInThisContext } from "node:vm";

const root = new URL("../../static/js/", import.meta.url);
delete globalThis.BroadcastChannel; // one page here: no other tab to tell
const page = new EventTarget();
page.body = { dataset: { offlineUser: "u1" } };
globalThis.window = globalThis;
globalThis.document = page;
globalThis.navigator = { onLine: true };
globalThis.addEventListener = () => {};
for (const name of ["drafts.js", "sync.js"]) {
  runInThisContext(readFileSync(new URL(name, root), "utf8"), { filename: name });
}
export const D = window.JangkauDrafts;
export const S = window.JangkauSync;
D.key = await crypto.subtle.generateKey({ name: "AES-GCM", length: 256 }, true, ["encrypt", "decrypt"]);

/* A fake server: `answer(action, fields, n)` says what the n-th post of that form gets back, as
 * [status, body] (a body object is sent as JSON), or throws (the network failed). */
export function server(answer) {
  const posts = [];
  const seen = new Map();
  globalThis.fetch = async (url, options = {}) => {
    if (url === "/luring/kunci") return Response.json({ csrf: "token", user: "u1" });
    const fields = Object.fromEntries([...options.body.entries()].filter(([, v]) => typeof v === "string"));
    const n = (seen.get(fields.instance_id) || 0) + 1;
    seen.set(fields.instance_id, n);
    posts.push({ url, id: fields.instance_id, n });
    const [status, body] = answer(url, fields, n);
    return typeof body === "string"
      ? new Response(body, { status, headers: { "Content-Type": "text/html" } })
      : Response.json(body || {}, { status });
  };
  return posts;
}

/* Queue a form as the submit button does (`at` orders them: older first). */
export async function queue(kind, action, { id = crypto.randomUUID(), urgent = false, at = Date.now(), state = "queued" } = {}) {
  await D.write({ id, kind, state, urgent, slot: "", queuedAt: at },
    { kind, action, files: [], fields: [["instance_id", id], ["note", kind + " " + id]] });
  return id;
}

export async function empty() {
  for (const row of await D.list()) await D.remove(row.id);
  for (const id of Object.keys(S.results)) delete S.results[id];
}

export const VISIT_ACTION = "/kunjungan/baru";
export const consentOf = (visitId) => `/kunjungan/${visitId}/persetujuan`;
export const riskOf = (visitId) => `/kunjungan/${visitId}/asesmen-risiko`;
