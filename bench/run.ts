/**
 * `npm run bench`: every benchmark section in turn, each in its own process with its own FerretDB
 * and Redis (so each one's memory and CPU are its own), at sizes that fit about 15 minutes on a
 * 2-core machine; each prints its size. Then the table of all rows, written to
 * bench/results/latest.json (and .md) with a dated copy.
 *
 *   npm run bench                      all sections
 *   npm run bench -- commands fanout   some of them
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { markdownTable, textTable, type Row } from './lib/report.js';

interface Section {
  name: string;
  title: string;
  script: string;
  /** Sizes for the 15-minute run; each script's own defaults are the full sizes where they differ. */
  args: string[];
}

const SECTIONS: Section[] = [
  { name: 'commands', title: 'Commands', script: 'commands.ts', args: [] },
  { name: 'fanout', title: 'Broadcast', script: 'fanout.ts', args: ['--groups', '3000'] },
  { name: 'reminders', title: 'Reminders', script: 'reminders.ts', args: ['100000', '60'] },
  { name: 'bulk', title: 'Bulk reminders', script: 'bulk.ts', args: ['--lark', '120000', '--dingtalk', '30000'] },
  { name: 'import', title: 'Import', script: 'import.ts', args: ['60000', '0'] },
  { name: 'assessment', title: 'Assessment', script: 'assessment.ts', args: ['500000', '500', '--derived-only'] },
  { name: 'memory', title: 'Memory', script: 'memory.ts', args: ['--grids', '30000', '--members', '5'] },
  { name: 'web', title: 'Web console', script: 'web.ts', args: ['--grids', '30000', '--members', '5'] },
];

const here = (...parts: string[]) => fileURLToPath(new URL(parts.join('/'), import.meta.url));
const load = () => loadavg().map((l) => Math.round(l * 10) / 10);

/** Runs one section's script; its rows, or one row saying why there are none. */
async function runSection(section: Section): Promise<{ rows: Row[]; seconds: number }> {
  const resultFile = join(tmpdir(), `statgrid-bench-${section.name}-${process.pid}.json`);
  rmSync(resultFile, { force: true });
  console.log(`\n=== ${section.title}: ${section.script} ${section.args.join(' ')}`);
  const started = Date.now();
  const code = await new Promise<number | null>((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', here(section.script), ...section.args], {
      env: { ...process.env, BENCH_RESULT_FILE: resultFile },
      stdio: ['ignore', 'inherit', 'inherit'],
    });
    child.on('exit', (c) => resolve(c));
  });
  const seconds = Math.round((Date.now() - started) / 1000);
  const row = (value: string): Row[] => [{ section: section.title, measure: section.script, size: section.args.join(' '), value, unit: '' }];
  if (code !== 0) return { rows: row(`failed (exit code ${code})`), seconds };
  if (!existsSync(resultFile)) return { rows: row('pending: the script does not report its rows yet'), seconds };
  const rows = JSON.parse(readFileSync(resultFile, 'utf8')) as Row[];
  rmSync(resultFile, { force: true });
  return { rows, seconds };
}

async function main(): Promise<void> {
  const wanted = process.argv.slice(2);
  const unknown = wanted.filter((w) => !SECTIONS.some((s) => s.name === w));
  if (unknown.length) throw new Error(`unknown section ${unknown.join(', ')}; sections: ${SECTIONS.map((s) => s.name).join(', ')}`);
  const chosen = wanted.length ? SECTIONS.filter((s) => wanted.includes(s.name)) : SECTIONS;
  const started = new Date();
  const machine = { cores: availableParallelism(), cpu: cpus()[0]?.model ?? 'unknown', node: process.version, loadAverageAtStart: load() };
  console.log(`StatGrid benchmarks, ${started.toISOString()}: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}`);

  const rows: Row[] = [];
  const timings: Record<string, number> = {};
  for (const section of chosen) {
    const result = await runSection(section);
    rows.push(...result.rows);
    timings[section.name] = result.seconds;
  }
  const totalSeconds = Math.round((Date.now() - started.getTime()) / 1000);
  const report = { date: started.toISOString(), machine: { ...machine, loadAverageAtEnd: load() }, totalSeconds, sectionSeconds: timings, sections: chosen.map((s) => s.name), rows };

  console.log(`\n${textTable(rows)}\n\n${chosen.length} sections in ${totalSeconds} s; load average at the end ${report.machine.loadAverageAtEnd.join(' ')}`);
  const dir = here('./results');
  mkdirSync(dir, { recursive: true });
  const json = `${JSON.stringify(report, null, 2)}\n`;
  const heading = `Benchmarks of ${report.date.slice(0, 10)}: ${machine.cores} cores (${machine.cpu}), Node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')} at the start; ${totalSeconds} s.`;
  writeFileSync(join(dir, 'latest.json'), json);
  writeFileSync(join(dir, `${report.date.replace(/[:.]/g, '-')}.json`), json);
  writeFileSync(join(dir, 'latest.md'), `${heading}\n\n${markdownTable(rows)}\n`);
  console.log(`written to bench/results/latest.json (and .md) and a dated copy`);
}

main().then(
  () => process.exit(0),
  (err) => {
    console.error(err);
    process.exit(1);
  },
);
