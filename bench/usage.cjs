// Preloaded (`node --require`) into a process a benchmark measures: when it exits, it writes its
// peak resident memory (kB) and CPU time (s) as JSON to the file named by USAGE_FILE.
'use strict';

const fs = require('fs');

process.on('exit', () => {
  if (!process.env.USAGE_FILE) return;
  const usage = process.resourceUsage();
  const cpuSeconds = (usage.userCPUTime + usage.systemCPUTime) / 1e6;
  fs.writeFileSync(process.env.USAGE_FILE, JSON.stringify({ maxRssKb: usage.maxRSS, cpuSeconds }));
});
