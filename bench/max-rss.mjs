// Preloaded (node --import) into a benched process: at exit, writes its peak RSS in MB and its CPU
// time (user + system, every thread) in ms, space-separated, to $DUEBOOK_BENCH_RSS_FILE.
import { writeFileSync } from 'node:fs';

const file = process.env.DUEBOOK_BENCH_RSS_FILE;
if (file)
  process.on('exit', () => {
    const u = process.resourceUsage();
    writeFileSync(file, `${u.maxRSS / 1024} ${(u.userCPUTime + u.systemCPUTime) / 1000}`);
  });
