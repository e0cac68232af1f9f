// Read a V8 .cpuprofile (`node --cpu-prof`) and sum where the time went: self time by function, self time by
// package or repository folder, and inclusive time of the repository's own functions (lib/, example-app/), over the
// whole profile or only its last `windowSeconds` (the load window, leaving out start-up and migrations).
// Standalone: `node --import tsx bench/cpuprofile-summary.ts <file.cpuprofile> [windowSeconds] [top]`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));

/** Return where a frame's code lives: `lib/...`, a package name, `node:internal`, or V8's own pseudo-frames. */
export function areaOf(url: string, functionName: string): string {
  if (!url) return functionName.startsWith('(') ? functionName : '(native)';
  if (url.startsWith('node:')) return 'node:internal';
  const path = url.replace(/^file:\/\//, '');
  const modules = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (modules?.[1]) return modules[1];
  if (path.startsWith(REPO_ROOT)) return path.slice(REPO_ROOT.length).split('/').slice(0, 2).join('/');
  return path;
}

function frameLabel({ functionName, url, lineNumber }: CallFrame): string {
  const path = url.replace(/^file:\/\//, '').replace(REPO_ROOT, '');
  const short = path.replace(/^.*node_modules\//, '');
  return `${functionName || '(anonymous)'}${short ? ` ${short}:${lineNumber + 1}` : ''}`;
}

function add(map: Map<string, number>, key: string, value: number): void {
  map.set(key, (map.get(key) ?? 0) + value);
}

function top(map: Map<string, number>, count: number, totalUs: number): string[] {
  return [...map.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(
      ([key, us]) =>
        `${(us / 1000).toFixed(0).padStart(7)} ms ${((100 * us) / totalUs).toFixed(1).padStart(5)}%  ${key}`,
    );
}

/** Summarize `profile` over its last `windowSeconds` (all of it when undefined); returns printable lines. */
export function summarize(profile: CpuProfile, windowSeconds?: number, count = 25): string[] {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const elapsed = profile.timeDeltas.reduce((sum, delta) => sum + delta, 0);
  const from = windowSeconds === undefined ? 0 : elapsed - windowSeconds * 1e6;
  const self = new Map<string, number>();
  const areas = new Map<string, number>();
  const inclusive = new Map<string, number>();
  let t = 0;
  let total = 0;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const delta = profile.timeDeltas[i + 1] ?? 0; // a sample's weight is the time until the next one
    const node = byId.get(id);
    if (t < from || !node) return;
    total += delta;
    add(self, frameLabel(node.callFrame), delta);
    add(areas, areaOf(node.callFrame.url, node.callFrame.functionName), delta);
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      const area = frame ? areaOf(frame.url, frame.functionName) : '';
      if (!frame || !(area.startsWith('lib/') || area.startsWith('example-app'))) continue;
      const label = frameLabel(frame);
      if (!seen.has(label)) add(inclusive, label, delta);
      seen.add(label);
    }
  });
  const idle = (self.get('(idle)') ?? 0) / 1000;
  return [
    `window: ${(total / 1e6).toFixed(1)} s sampled (${idle.toFixed(0)} ms idle)`,
    `-- self time by function (top ${count})`,
    ...top(self, count, total),
    '-- self time by package / folder',
    ...top(areas, 15, total),
    `-- inclusive time of the repository's functions (top ${count})`,
    ...top(inclusive, count, total),
  ];
}

/** Read and summarize a .cpuprofile file. */
export function summarizeFile(path: string, windowSeconds?: number, count?: number): string[] {
  return summarize(JSON.parse(readFileSync(path, 'utf8')) as CpuProfile, windowSeconds, count);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const [path, window, count] = process.argv.slice(2);
  if (!path) {
    console.error('usage: node --import tsx bench/cpuprofile-summary.ts <file.cpuprofile> [windowSeconds] [top]');
    process.exit(2);
  }
  console.log(summarizeFile(path, window ? Number(window) : undefined, count ? Number(count) : undefined).join('\n'));
}
