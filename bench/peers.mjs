// peers.mjs - section 1 of bench/bench.c (host -> wasm `add` and `nop`) from
// Node.js: WebAssembly.instantiate of the same module, called from JS.
//
// Usage: node bench/peers.mjs [OUT.json]   (built-ins only)
// Same method as bench.c: each figure is the median of 7 timed loops, each
// calibrated to last about 40 ms (the calibration runs double as warm-up, so
// V8 has tiered the loop and the wasm up to TurboFan); ns per call.
import { writeFileSync } from "node:fs";

const REPS = 7;
const TARGET_NS = 40e6;

// CALLS_WAT of bench/bench.c, assembled by hand (wt emits no plain .wasm);
// byte for byte what Wasmtime's wat2wasm makes of it.
const WASM = new Uint8Array([
  0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00, // "\0asm", version 1
  0x01, 0x0a, 0x02, // type section, 2 types:
  0x60, 0x02, 0x7f, 0x7f, 0x01, 0x7f, //   0: (i32, i32) -> i32
  0x60, 0x00, 0x00, //   1: () -> ()
  0x03, 0x03, 0x02, 0x00, 0x01, // function section: add has type 0, nop type 1
  0x05, 0x03, 0x01, 0x00, 0x01, // memory section: one memory, min 1 page
  0x07, 0x13, 0x03, // export section, 3 exports:
  0x03, 0x6d, 0x65, 0x6d, 0x02, 0x00, //   "mem" memory 0
  0x03, 0x61, 0x64, 0x64, 0x00, 0x00, //   "add" func 0
  0x03, 0x6e, 0x6f, 0x70, 0x00, 0x01, //   "nop" func 1
  0x0a, 0x0c, 0x02, // code section, 2 bodies:
  0x07, 0x00, 0x20, 0x00, 0x20, 0x01, 0x6a, 0x0b, //   add: local.get 0, local.get 1, i32.add, end
  0x02, 0x00, 0x0b, //   nop: end
]);

const now = () => Number(process.hrtime.bigint());

function timeLoop(fn, n) {
  const t0 = now();
  fn(n);
  return now() - t0;
}

function calibrate(fn) {
  let n = 1;
  let dt = timeLoop(fn, n);
  while (dt < TARGET_NS / 8 && n < 2 ** 30) dt = timeLoop(fn, (n *= 4));
  return Math.max(1, Math.floor(n * (TARGET_NS / dt)));
}

function measure(fn) {
  const n = calibrate(fn);
  const v = [];
  for (let i = 0; i < REPS; i++) v.push(timeLoop(fn, n) / n);
  v.sort((a, b) => a - b);
  return v[REPS >> 1];
}

const { instance } = await WebAssembly.instantiate(WASM);
const { add, nop } = instance.exports;
let sink = 0;
const loops = {
  add(n) {
    for (let i = 0; i < n; i++) sink = (sink + add(i, 2)) | 0;
  },
  nop(n) {
    for (let i = 0; i < n; i++) nop();
  },
};

const ns = {}, labels = {};
for (const name of ["add", "nop"]) {
  const key = `node_${name}`;
  ns[key] = measure(loops[name]);
  labels[key] = `node ${process.version} WebAssembly`.padEnd(32) + ` ${name}`; // as bench.c's labels
  console.log(`  ${labels[key].padEnd(46)} ${ns[key].toFixed(1).padStart(12)} ns`);
}
const peer = `Node.js ${process.version} (V8 ${process.versions.v8})`;
if (process.argv[2]) writeFileSync(process.argv[2], JSON.stringify({ peer, labels, ns }, null, 2) + "\n");
