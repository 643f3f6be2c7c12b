// A tiny SVG writer for one horizontal bar chart (no charting dependency).
export interface Bar {
  label: string;
  value: number;
  /** Optional target line drawn on the bar's row. */
  target?: number;
}

const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function barChart(title: string, bars: readonly Bar[], unit: string): string {
  const left = 250;
  const width = 820;
  const row = 30;
  const top = 50;
  const height = top + bars.length * row + 40;
  const max = Math.max(1, ...bars.map((b) => Math.max(b.value, b.target ?? 0))) * 1.1;
  const scale = (v: number): number => ((width - left - 80) * Math.log10(1 + v)) / Math.log10(1 + max);
  const parts = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="13">`,
    `<rect width="100%" height="100%" fill="#fff"/>`,
    `<text x="${width / 2}" y="24" text-anchor="middle" font-size="15" font-weight="bold">${esc(title)}</text>`,
  ];
  bars.forEach((b, i) => {
    const y = top + i * row;
    const w = Math.max(1, scale(b.value));
    const over = b.target !== undefined && b.value > b.target;
    parts.push(`<text x="${left - 8}" y="${y + 17}" text-anchor="end">${esc(b.label)}</text>`);
    parts.push(`<rect x="${left}" y="${y + 4}" width="${w.toFixed(1)}" height="${row - 10}" fill="${over ? '#d9534f' : '#4a7fc1'}"/>`);
    parts.push(`<text x="${(left + w + 6).toFixed(1)}" y="${y + 17}">${b.value.toFixed(2)}${esc(unit)}</text>`);
    if (b.target !== undefined) {
      const x = left + scale(b.target);
      parts.push(`<line x1="${x.toFixed(1)}" x2="${x.toFixed(1)}" y1="${y + 1}" y2="${y + row - 3}" stroke="#222" stroke-dasharray="3,2"/>`);
    }
  });
  parts.push(`<text x="${left}" y="${height - 12}" fill="#555">log scale; dashed line: target; red: over target</text>`);
  parts.push('</svg>');
  return `${parts.join('\n')}\n`;
}
