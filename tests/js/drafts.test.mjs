// The drafts' store (static/js/drafts.js): read-modify-write in one IndexedDB transaction.
import assert from "node:assert/strict";
import { beforeEach, test } from "node:test";

import { D, empty, queue } from "./phone.mjs";

beforeEach(empty);

test("changes made at the same moment are all kept (one transaction per read-modify-write)", async () => {
  const id = await queue("consent", "/kunjungan/x/persetujuan");
  await Promise.all(Array.from({ length: 20 }, () => D.update(id, (row) => ({ attempts: row.attempts + 1 }))));
  assert.equal((await D.getMeta(id)).attempts, 20);
});

test("saving the form while the queue marks it keeps both: the new content and the queue's fields", async () => {
  const id = await queue("consent", "/kunjungan/x/persetujuan");
  await Promise.all([
    D.update(id, { attempts: 3 }),
    D.write({ id, kind: "consent", state: "queued" }, { kind: "consent", action: "/a", files: [], fields: [["note", "baru"]] }),
  ]);
  const row = await D.read(id);
  assert.equal(row.meta.attempts, 3);
  assert.deepEqual(row.content.fields, [["note", "baru"]]);
});

test("a draft is encrypted at rest, and its clear fields carry nothing typed", async () => {
  const id = await queue("consent", "/kunjungan/x/persetujuan");
  const row = await D.getMeta(id);
  assert.ok(row.data instanceof Uint8Array);
  assert.doesNotMatch(JSON.stringify(row), /consent [0-9a-f-]{36}/);
  assert.deepEqual((await D.read(id)).content.fields[1], ["note", "consent " + id]);
});

test("updating a form that was deleted meanwhile does not bring it back", async () => {
  const id = await queue("consent", "/kunjungan/x/persetujuan");
  await D.remove(id);
  assert.equal(await D.update(id, { state: "sending" }), null);
  assert.equal(await D.getMeta(id), undefined);
});
