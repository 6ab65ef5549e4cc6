// `npm run bench`: every benchmark, one JSON line each: {"name","subject_ms","baseline_ms","ratio"}.
// `npm run bench -- --filter delivery` runs only the groups whose name contains the word.

/** The benchmark groups, in the order they run; each module is loaded only when its group runs. */
const GROUPS: readonly { name: string; run: () => Promise<unknown> }[] = [
  { name: 'aging', run: async () => (await import('./aging.bench.js')).runAgingBenchmarks() },
  { name: 'x12-835', run: async () => (await import('./x12.bench.js')).runX12Benchmarks() },
  { name: 'x12-277', run: async () => (await import('./x12-277.bench.js')).runX12StatusBenchmarks() },
  { name: 'documents', run: async () => (await import('./documents.bench.js')).runDocumentBenchmarks() },
  { name: 'templates', run: async () => (await import('./templates.bench.js')).runTemplateBenchmarks() },
  { name: 'addon', run: async () => (await import('./addon.bench.js')).runAddonBenchmarks() },
  { name: 'dashboard', run: async () => (await import('./dashboard.bench.js')).runDashboardBenchmarks() },
  { name: 'backend', run: async () => (await import('./backend.bench.js')).runBackendBenchmarks() },
  // Only the Lambda cold-import figures of the backend group (no DynamoDB Local): about a minute.
  { name: 'cold', run: async () => (await import('./backend.bench.js')).runColdImportBenchmarks() },
  { name: 'cli', run: async () => (await import('./cli.bench.js')).runCliBenchmarks() },
  { name: 'compliance', run: async () => (await import('./compliance.bench.js')).runComplianceBenchmarks() },
  { name: 'delivery', run: async () => (await import('./delivery.bench.js')).runDeliveryBenchmarks() },
  { name: 'offices', run: async () => (await import('./offices.bench.js')).runOfficesBenchmarks() },
  { name: 'first-plan', run: async () => (await import('./first-plan.bench.js')).runFirstPlanBenchmark() },
  { name: 'portal', run: async () => (await import('./portal.bench.js')).runPortalBenchmarks() },
  // `duebook run` and POST /v1/sync on the columnar path; the last of them runs the local stack.
  { name: 'sync', run: async () => (await import('./sync.bench.js')).runSyncBenchmarks() },
  // End to end on generated 100k and 1M-invoice CSV ledgers against DuckDB: minutes, so last.
  { name: 'e2e', run: async () => (await import('./e2e.bench.js')).runE2eBenchmarks() },
  { name: 'e2e-xlsx', run: async () => (await import('./e2e-xlsx.bench.js')).runXlsxE2eBenchmark() },
];

const at = process.argv.indexOf('--filter');
const filter = at >= 0 ? process.argv[at + 1] : undefined;
if (at >= 0 && !filter) {
  console.error(
    'usage: npm run bench [-- --filter WORD]   (groups: ' + GROUPS.map((g) => g.name).join(', ') + ')',
  );
  process.exit(2);
}
const chosen = GROUPS.filter((g) => !filter || g.name.includes(filter));
if (chosen.length === 0) {
  console.error(`no benchmark group matches "${filter}" (groups: ${GROUPS.map((g) => g.name).join(', ')})`);
  process.exit(2);
}
for (const group of chosen) await group.run();
