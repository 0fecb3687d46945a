/**
 * Top costs of a V8 CPU profile (`node --cpu-prof`), by self time and by inclusive time, grouped by
 * function and by package (or source folder for our own code).
 *
 *   npx tsx bench/lib/profileSummary.ts FILE.cpuprofile [--top 25]
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples: number[];
  timeDeltas: number[];
}

/** "bullmq", "ioredis", "src/core", "node:internal", "(program)"…: where a frame's time is charged. */
export function ownerOf(url: string, functionName: string): string {
  if (!url) return `(${functionName || 'native'})`;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url);
  if (pkg) return pkg[1]!;
  if (url.startsWith('node:')) return url.split('/').slice(0, 2).join('/');
  const own = /\/((?:src|jobs|commands|bench|tests)(?:\/[^/]+)?)\/[^/]+$/.exec(url);
  return own ? own[1]! : url;
}

const frameName = (n: ProfileNode) => {
  const file = n.callFrame.url.split('/').pop() ?? '';
  return `${n.callFrame.functionName || '(anonymous)'} ${file}${file ? `:${n.callFrame.lineNumber + 1}` : ''}`;
};

/** Self and inclusive ms per function and per owner; inclusive counts a frame once per sample, however deep it recurs. */
export function summarise(profile: Profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const selfMs = new Map<number, number>();
  profile.samples.forEach((id, i) => selfMs.set(id, (selfMs.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000));

  const fnSelf = new Map<string, number>();
  const fnTotal = new Map<string, number>();
  const ownerSelf = new Map<string, number>();
  const ownerTotal = new Map<string, number>();
  const add = (m: Map<string, number>, k: string, v: number) => m.set(k, (m.get(k) ?? 0) + v);
  for (const [id, ms] of selfMs) {
    const node = byId.get(id)!;
    add(fnSelf, frameName(node), ms);
    add(ownerSelf, ownerOf(node.callFrame.url, node.callFrame.functionName), ms);
    const seenFn = new Set<string>();
    const seenOwner = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const n = byId.get(at)!;
      const fn = frameName(n);
      const owner = ownerOf(n.callFrame.url, n.callFrame.functionName);
      if (!seenFn.has(fn)) add(fnTotal, fn, ms), seenFn.add(fn);
      if (!seenOwner.has(owner)) add(ownerTotal, owner, ms), seenOwner.add(owner);
    }
  }
  const totalMs = (profile.endTime - profile.startTime) / 1000;
  return { totalMs, fnSelf, fnTotal, ownerSelf, ownerTotal };
}

function print(title: string, m: Map<string, number>, totalMs: number, top: number): void {
  console.log(`\n${title}`);
  for (const [k, ms] of [...m].sort((a, b) => b[1] - a[1]).slice(0, top)) {
    console.log(`${ms.toFixed(0).padStart(9)} ms ${((ms / totalMs) * 100).toFixed(1).padStart(5)}%  ${k}`);
  }
}

if (process.argv[1]?.endsWith('profileSummary.ts')) {
  const { values, positionals } = parseArgs({ allowPositionals: true, options: { top: { type: 'string', default: '25' } } });
  const top = Number(values.top);
  for (const file of positionals) {
    const s = summarise(JSON.parse(readFileSync(file, 'utf8')) as Profile);
    console.log(`${file}: ${(s.totalMs / 1000).toFixed(1)} s profiled`);
    print('self time by package / folder', s.ownerSelf, s.totalMs, top);
    print('inclusive time by package / folder', s.ownerTotal, s.totalMs, top);
    print('self time by function', s.fnSelf, s.totalMs, top);
    print('inclusive time by function', s.fnTotal, s.totalMs, top);
  }
}
