// The alerts bar's logic (static/js/alerts.js): which items are new for this tab, and what a poll's
// status means. Loaded as a page loads it, without the bar (nothing polls).
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { runInNewContext } from "node:vm";

const source = readFileSync(new URL("../../static/js/alerts.js", import.meta.url), "utf8");
const page = { document: { getElementById: () => null } };
page.window = page;
runInNewContext(source, page, { filename: "alerts.js" });
const A = page.JangkauAlerts;

test("a flag or an answer newer than what this tab announced is new", () => {
  const items = [{ kind: "flag", id: 7 }, { kind: "answer", id: 3 }, { kind: "answer", id: 2 }];
  assert.deepEqual(A.fresh(items, null).map((i) => i.id), [7, 3, 2]);
  assert.deepEqual(A.fresh(items, { flag: 7, answer: 2 }).map((i) => i.id), [3]);
  assert.deepEqual(A.fresh(items, { flag: 7, answer: 3 }), []);
});

test("what was announced only moves up (a closed flag is not new again)", () => {
  const seen = A.advance({ flag: 9, answer: 1 }, [{ kind: "flag", id: 7 }, { kind: "answer", id: 4 }]);
  assert.deepEqual({ ...seen }, { flag: 9, answer: 4 });
  assert.deepEqual({ ...A.advance(null, []) }, { flag: 0, answer: 0 });
});

test("304 keeps the bar, 200 replaces it, anything else waits for the next poll", () => {
  assert.equal(A.outcome(304), "same");
  assert.equal(A.outcome(200), "show");
  for (const status of [0, 403, 500, 503]) assert.equal(A.outcome(status), "skip");
  assert.ok(A.POLL_MS <= 5000); // a new flag shows within 10 s
});

test("a notification names no one: the notices only, and the URL of what it is about", () => {
  const flag = { kind: "flag", id: 7, text: "2 tanda bahaya baru, belum ditangani", url: "/tanda-bahaya" };
  const answer = { kind: "answer", id: 3, text: "Ada jawaban rujukan baru", url: "/rujukan/3" };
  const other = { kind: "answer", id: 4, text: "Ada jawaban rujukan baru", url: "/rujukan/4" };
  assert.deepEqual({ ...A.notice([answer]) }, { body: "Ada jawaban rujukan baru", url: "/rujukan/3" });
  assert.deepEqual({ ...A.notice([answer, flag]) },
    { body: "Ada jawaban rujukan baru\n2 tanda bahaya baru, belum ditangani", url: "/tanda-bahaya" });
  assert.deepEqual({ ...A.notice([answer, other]) }, { body: "Ada jawaban rujukan baru", url: "/" });
  assert.equal(A.notice([{ ...answer, url: "//elsewhere.example/x" }]).url, "/");
});
