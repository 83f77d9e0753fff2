// Times the eight range queries of issue 3 in the wasm build (see src/lib.rs):
// one warm-up run, then the median of three. Usage: node run.mjs FILE.wasm
import { readFileSync } from 'fs';
const bytes = readFileSync(process.argv[2]);
const { instance } = await WebAssembly.instantiate(bytes, {});
const e = instance.exports;
console.log('series', e.setup());
const names = ['rate','sum_by_rate','histogram_quantile','topk','join','subquery','avg_over_time','count_values'];
let total = 0;
for (let i = 0; i < 8; i++) {
  e.run(i); // warm-up
  const times = [];
  for (let k = 0; k < 3; k++) { const t0 = performance.now(); e.run(i); times.push(performance.now() - t0); }
  times.sort((a,b)=>a-b);
  total += times[1];
  console.log(names[i], times[1].toFixed(1), 'ms (median of 3)');
}
console.log('total', total.toFixed(1), 'ms');
