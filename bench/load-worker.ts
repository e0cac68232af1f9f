// The load-generator process: reads one LoadJob per line on stdin, runs autocannon, answers one line on stdout.
// It is started (pinned to its own core) by bench/load.ts and exits when stdin closes.
import autocannon, { type RequestSpec } from 'autocannon';
import { createInterface } from 'node:readline';
import type { LoadJob, LoadResult } from './load.js';

async function run(job: LoadJob): Promise<LoadResult> {
  const { codes } = job;
  let used = 0;
  const request: RequestSpec = { ...job.request };
  if (codes?.length) {
    const template = job.request.body ?? '';
    // Every request takes a fresh code; once they run out the last one is replayed, and its errors show up as non-2xx.
    request.setupRequest = (shape) => {
      const code = codes[Math.min(used, codes.length - 1)] ?? '';
      used++;
      return { ...shape, body: template.replace('{code}', encodeURIComponent(code)) };
    };
  }
  const result = await autocannon({
    url: job.url,
    connections: job.connections,
    duration: job.seconds,
    pipelining: 1,
    timeout: 10,
    requests: [request],
  });
  const statusCodes: Record<string, number> = {};
  for (const [status, { count }] of Object.entries(result.statusCodeStats)) statusCodes[status] = count;
  return {
    seconds: result.duration,
    completed: result.requests.total,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    statusCodes,
    codesUsed: Math.min(used, codes?.length ?? 0),
  };
}

for await (const line of createInterface({ input: process.stdin })) {
  try {
    process.stdout.write(`${JSON.stringify({ result: await run(JSON.parse(line) as LoadJob) })}\n`);
  } catch (error) {
    process.stdout.write(`${JSON.stringify({ error: error instanceof Error ? error.message : String(error) })}\n`);
  }
}
