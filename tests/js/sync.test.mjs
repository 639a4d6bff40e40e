// The send queue (static/js/sync.js): order, retries, and what a refusal does. `node --test tests/js/`.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { consentOf, D, empty, queue, riskOf, S, server, VISIT_ACTION } from "./phone.mjs";

const RECEIVED = [201, { status: "received", url: "/ok", message: "Terkirim." }];
const states = async () => Object.fromEntries((await D.list()).map((r) => [r.id, r.state]));

beforeEach(empty);

test("high-risk goes first, and a visit made offline goes before the consent that points at it", async () => {
  const posts = server(() => RECEIVED);
  const visit = crypto.randomUUID();
  const consent = await queue("consent", consentOf(visit), { at: 1 }); // queued before its visit
  await queue("visit", VISIT_ACTION, { id: visit, at: 2 });
  const plain = await queue("risk", riskOf("11111111-1111-4111-8111-111111111111"), { at: 3 });
  const urgent = await queue("risk", riskOf("22222222-2222-4222-8222-222222222222"), { at: 4, urgent: true });
  await S.run(true);
  assert.deepEqual(posts.map((p) => p.id), [urgent, visit, consent, plain]);
  assert.equal(await D.unsentCount(), 0);
});

test("a consent waits while its visit is still a draft on the phone", async () => {
  const posts = server(() => RECEIVED);
  const visit = await queue("visit", VISIT_ACTION, { state: "draft" });
  const consent = await queue("consent", consentOf(visit));
  await S.run(true);
  assert.deepEqual(posts, []);
  assert.equal((await D.getMeta(consent)).error, "waiting-visit");
  assert.equal(await D.unsentCount(), 2);
});

test("an answer lost after the server stored the form: sent again later, received once", async () => {
  const stored = new Set();
  const posts = server((url, fields, n) => {
    const again = stored.has(fields.instance_id);
    stored.add(fields.instance_id);
    if (n === 1) throw new TypeError("Failed to fetch"); // stored, but the answer never came back
    return again ? [200, { status: "already", url: "/ok" }] : RECEIVED;
  });
  const id = await queue("consent", consentOf(crypto.randomUUID()));
  await S.run(true);
  const waiting = await D.getMeta(id);
  assert.equal(waiting.state, "queued");
  assert.equal(waiting.attempts, 1);
  assert.ok(waiting.nextTry > Date.now(), "it waits before trying again");
  assert.equal(await D.unsentCount(), 1, "still blocks logout: not known to be received");
  await S.run(); // the back-off has not ended: nothing goes
  assert.equal(posts.length, 1);
  await S.run(true);
  assert.deepEqual(posts.map((p) => p.n), [1, 2]);
  assert.deepEqual(await states(), {});
  assert.equal(stored.size, 1);
});

test("a busy server (5xx, 429, 408) is tried again with a growing wait, never dropped", async () => {
  for (const status of [503, 429, 408]) {
    await empty();
    server(() => [status, { message: "sibuk" }]);
    const id = await queue("risk", riskOf(crypto.randomUUID()));
    await S.run(true);
    const first = await D.getMeta(id);
    await S.run(true);
    const second = await D.getMeta(id);
    assert.equal(second.state, "queued", String(status));
    assert.equal(second.attempts, 2);
    assert.ok(second.nextTry - Date.now() > first.nextTry - first.updated - 50, "the wait grows");
    assert.equal(await D.unsentCount(), 1);
  }
});

test("refused for good (409 no consent, 403, 404, 422): out of the queue, kept to read, logout free", async () => {
  const page = '<main id="main"><form data-offline-form="risk"><p role="alert">Belum ada persetujuan korban.</p></form></main>';
  const answers = { a: [409, page], b: [403, page], c: [404, page], d: [422, page] };
  const posts = server((url) => answers[url.split("/")[2]]);
  const ids = {};
  for (const key of Object.keys(answers)) ids[key] = await queue("risk", `/kunjungan/${key}/asesmen-risiko`);
  await S.run(true);
  assert.equal(posts.length, 4);
  assert.deepEqual(await states(), { [ids.a]: "refused", [ids.b]: "refused", [ids.c]: "refused", [ids.d]: "invalid" });
  assert.equal(await D.unsentCount(), 0, "nothing blocks logout");
  assert.equal(S.results[ids.a].status, 409);
  assert.match(S.results[ids.a].html, /Belum ada persetujuan/);
  const kept = await D.read(ids.a);
  assert.deepEqual(kept.content.fields[1], ["note", "risk " + ids.a], "what was typed is still on the phone");
  await S.run(true);
  assert.equal(posts.length, 4, "never sent again by itself");
});

test("a conflict the server keeps for the case manager is 'review'; a consent whose visit was refused leaves too", async () => {
  server((url) => (url === VISIT_ACTION ? [403, "<p>Tidak boleh</p>"]
    : [409, { status: "conflict", message: "Disimpan untuk ditinjau." }]));
  const visit = await queue("visit", VISIT_ACTION, { at: 1 });
  const consent = await queue("consent", consentOf(visit), { at: 2 });
  const other = await queue("consent", consentOf(crypto.randomUUID()), { at: 3 });
  await S.run(true);
  assert.deepEqual(await states(), { [visit]: "refused", [consent]: "refused", [other]: "review" });
  assert.equal((await D.getMeta(other)).error, "Disimpan untuk ditinjau.");
  assert.equal(await D.unsentCount(), 0);
});

test("an expired session (a redirect to login) keeps the form queued", async () => {
  const posts = server(() => [200, {}]);
  globalThis.fetch = async (url) => (url === "/luring/kunci" ? Response.json({ csrf: "t" })
    : (posts.push(url), { type: "opaqueredirect", status: 0, headers: new Headers() }));
  const id = await queue("consent", consentOf(crypto.randomUUID()));
  await S.run(true);
  assert.equal((await D.getMeta(id)).state, "queued");
  assert.equal(S.status, "login");
  assert.equal(await D.unsentCount(), 1);
});

test("the case forms (home visit, mediation, monitoring) are queued and sent like the others, each once", async () => {
  const posts = server(() => RECEIVED);
  const ids = [];
  for (const [kind, path] of [["home_visit", "kunjungan-rumah"], ["mediation", "mediasi"], ["monitoring", "pemantauan"]]) {
    ids.push(await queue(kind, `/kasus/7/${path}`, { at: ids.length + 1 }));
  }
  const urgent = await queue("darurat", "/kunjungan/33333333-3333-4333-8333-333333333333/darurat", { at: 9, urgent: true });
  await S.run(true);
  assert.deepEqual(posts.map((p) => p.id), [urgent, ...ids], "urgent first, then in the order queued; none waits for a visit");
  assert.deepEqual(posts.map((p) => p.url).slice(1), ["/kasus/7/kunjungan-rumah", "/kasus/7/mediasi", "/kasus/7/pemantauan"]);
  assert.equal(await D.unsentCount(), 0);
});
