// `npm run bench`: every benchmark, one JSON line each: {"name","subject_ms","baseline_ms","ratio"}.
import { runAgingBenchmarks } from './aging.bench.js';

runAgingBenchmarks();
(await import('./x12.bench.js')).runX12Benchmarks();
(await import('./x12-277.bench.js')).runX12StatusBenchmarks();
await (await import('./documents.bench.js')).runDocumentBenchmarks();
(await import('./templates.bench.js')).runTemplateBenchmarks();
await (await import('./addon.bench.js')).runAddonBenchmarks();
(await import('./dashboard.bench.js')).runDashboardBenchmarks();
await (await import('./backend.bench.js')).runBackendBenchmarks();
await (await import('./cli.bench.js')).runCliBenchmarks();
(await import('./compliance.bench.js')).runComplianceBenchmarks();
await (await import('./delivery.bench.js')).runDeliveryBenchmarks();
