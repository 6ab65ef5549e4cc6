// Preloaded (node --import) into a benched process: writes its peak RSS in MB to $DUEBOOK_BENCH_RSS_FILE at exit.
import { writeFileSync } from 'node:fs';

const file = process.env.DUEBOOK_BENCH_RSS_FILE;
if (file) process.on('exit', () => writeFileSync(file, String(process.resourceUsage().maxRSS / 1024)));
