// `make setup` builds what the phone downloads: static/build/ (gitignored), served in place of the
// readable sources in static/ (web/offline/compress.py). Our JS and CSS minified by esbuild; the
// phone's scripts joined into one file (js/phone.js, in BUNDLE's order); every built text file and
// htmx also written as .br (brotli) and .gz, so the server never compresses them per request. The
// service worker's source minified too, into service-worker/build/sw.js (web/offline/shell.py fills
// it in per request and serves it when it is not older than its source).
import { transform } from "esbuild";
import { mkdir, readdir, readFile, rm, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

const STATIC = new URL("../static/", import.meta.url).pathname;
const BUILD = join(STATIC, "build");
// The phone's scripts, in load order: each is a small classic script with one job (see offline.js).
export const BUNDLE = ["app", "busy", "photo", "drafts", "sync", "ui", "queue", "keys", "forms", "part", "update", "offline"].map((n) => `js/${n}.js`);

async function write(name, text) {
  const path = join(BUILD, name);
  await mkdir(dirname(path), { recursive: true });
  const data = Buffer.from(text);
  await writeFile(path, data);
  await writeFile(path + ".br", brotliCompressSync(data, { params: {
    [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }));
  await writeFile(path + ".gz", gzipSync(data, { level: 9 }));
}

const minify = async (text, loader) => (await transform(text, { loader, minify: true, target: "es2017",
  legalComments: "none" })).code;
const read = (name) => readFile(join(STATIC, name), "utf8");

await rm(BUILD, { recursive: true, force: true });
for (const folder of ["js", "css"]) {
  for (const file of (await readdir(join(STATIC, folder))).filter((f) => f.endsWith("." + folder))) {
    await write(`${folder}/${file}`, await minify(await read(`${folder}/${file}`), folder));
  }
}
const parts = await Promise.all(BUNDLE.map(read));
await write("js/phone.js", await minify(parts.join("\n;\n"), "js"));
await write("vendor/htmx.min.js", await read("vendor/htmx.min.js"));
// Its placeholders (__VERSION__, __PRECACHE__...) are a string and global names: minifying keeps them.
const WORKER = new URL("../service-worker/", import.meta.url).pathname;
await mkdir(join(WORKER, "build"), { recursive: true });
await writeFile(join(WORKER, "build", "sw.js"), await minify(await readFile(join(WORKER, "sw.js"), "utf8"), "js"));
