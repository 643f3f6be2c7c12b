// npm run bench:packaging: the packed server's installed size, CLI start time and start-to-ready time (issue #21).
import { join } from 'node:path';
import { directoryBytes, packAndInstall, timeRun, timeToReady } from '../test/helpers/packed.ts';
import { median } from './lib/report.ts';

const RUNS = 7;
const packed = packAndInstall();
try {
  const mb = directoryBytes(join(packed.dir, 'node_modules')) / 1e6;
  const help = median(Array.from({ length: RUNS }, () => timeRun(packed.bin, ['--help']).ms));
  const version = median(Array.from({ length: RUNS }, () => timeRun(packed.bin, ['--version']).ms));
  const ready: number[] = [];
  for (let i = 0; i < RUNS; i++) ready.push((await timeToReady(packed.bin, join(packed.dir, `data-${i}`))).ms);
  const row = (name: string, value: string, target: string, ok: boolean): string => `| ${name} | ${value} | ${target} | ${ok ? 'met' : 'missed'} |`;
  console.log([
    `Node ${process.version}, median of ${RUNS} runs, ${new Date().toISOString().slice(0, 10)}`,
    '',
    '| Measure | Value | Target | |',
    '|---|---:|---|---|',
    row('installed size, `npm install --omit=dev` of the packed tarball', `${mb.toFixed(1)} MB`, '< 120 MB', mb < 120),
    row('`lightbox --help` wall time', `${help.toFixed(0)} ms`, '< 300 ms', help < 300),
    row('`lightbox --version` wall time', `${version.toFixed(0)} ms`, '< 300 ms', version < 300),
    row('`lightbox serve` start to `/readyz` 200, empty data dir', `${median(ready).toFixed(0)} ms`, '< 1 s', median(ready) < 1000),
  ].join('\n'));
} finally {
  packed.remove();
}
