// Progress for upload and download on stderr: files done of total, bytes, rate; one redrawn line on a terminal.
import type { Writable } from 'node:stream';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = n / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(1)} ${units[unit]}`;
}

export class TransferProgress {
  private readonly started = Date.now();
  private doneBytes = 0;
  private files = 0;

  constructor(private readonly out: Writable & { isTTY?: boolean }, private readonly verb: string, private readonly totalFiles: number, private readonly totalBytes: number | null) {}

  private line(current: number, name: string): string {
    const bytes = this.doneBytes + current;
    const seconds = Math.max((Date.now() - this.started) / 1000, 0.001);
    const of = this.totalBytes === null ? '' : ` / ${formatBytes(this.totalBytes)}`;
    return `${this.verb} [${this.files}/${this.totalFiles}] ${formatBytes(bytes)}${of} ${formatBytes(Math.round(bytes / seconds))}/s ${name}`;
  }

  /** Bytes of the file in flight; redrawn in place on a terminal, silent otherwise (a log gets one line per file). */
  update(current: number, name: string): void {
    if (this.out.isTTY) this.out.write(`\r\x1b[2K${this.line(current, name)}`);
  }

  fileDone(bytes: number, name: string): void {
    this.files++;
    this.doneBytes += bytes;
    this.out.write(this.out.isTTY ? `\r\x1b[2K${this.line(0, name)}` : `${this.line(0, name)}\n`);
  }

  finish(): { files: number; bytes: number; seconds: number } {
    if (this.out.isTTY) this.out.write('\n');
    return { files: this.files, bytes: this.doneBytes, seconds: (Date.now() - this.started) / 1000 };
  }
}
