// `npm run bench`: every benchmark, one JSON line each: {"name","subject_ms","baseline_ms","ratio"}.
import { runAgingBenchmarks } from './aging.bench.js';

runAgingBenchmarks();
await (await import('./backend.bench.js')).runBackendBenchmarks();
