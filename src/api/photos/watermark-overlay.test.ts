// The watermark's drawing (issue #18): where each of the nine anchors puts it, its share of the width, its opacity,
// tiles across the whole image, and text with markup characters drawn as text.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { watermarkBox, watermarkLayers, type WatermarkSpec } from './watermark-overlay.ts';

const W = 1200;
const H = 800;
const MARGIN = 24; // 3% of the shorter side

async function drawnOnBlack(spec: WatermarkSpec): Promise<{ data: Buffer; mean: (box: { left: number; top: number; width: number; height: number }) => number }> {
  const base = await sharp({ create: { width: W, height: H, channels: 3, background: '#000000' } }).raw().toBuffer();
  const data = await sharp(base, { raw: { width: W, height: H, channels: 3 } }).composite(await watermarkLayers(spec, W, H)).removeAlpha().raw().toBuffer();
  return {
    data,
    mean: (box) => {
      let sum = 0;
      for (let y = box.top; y < box.top + box.height; y++) for (let x = box.left; x < box.left + box.width; x++) sum += data[(y * W + x) * 3] as number;
      return sum / (box.width * box.height);
    },
  };
}

const logo = (): Promise<Buffer> => sharp({ create: { width: 200, height: 100, channels: 4, background: { r: 255, g: 255, b: 255, alpha: 1 } } }).png().toBuffer();

test('each anchor puts the watermark at its edge or centre, inside a 3% margin, at its share of the width', async () => {
  const png = await logo();
  const expected: Record<string, [number, number]> = {
    'top-left': [MARGIN, MARGIN], top: [(W - 300) / 2, MARGIN], 'top-right': [W - MARGIN - 300, MARGIN],
    left: [MARGIN, (H - 150) / 2], center: [(W - 300) / 2, (H - 150) / 2], right: [W - MARGIN - 300, (H - 150) / 2],
    'bottom-left': [MARGIN, H - MARGIN - 150], bottom: [(W - 300) / 2, H - MARGIN - 150], 'bottom-right': [W - MARGIN - 300, H - MARGIN - 150],
  };
  for (const [position, [left, top]] of Object.entries(expected)) {
    const spec: WatermarkSpec = { art: { kind: 'logo', png }, position: position as WatermarkSpec['position'], opacity: 1, scale: 0.25 };
    const box = await watermarkBox(spec, W, H);
    assert.deepEqual(box, { left: Math.round(left), top: Math.round(top), width: 300, height: 150 }, position);
    const drawn = await drawnOnBlack(spec);
    assert.equal(drawn.mean(box), 255, `${position}: the logo is there`);
    assert.equal(drawn.mean({ left: box.left > W / 2 ? 0 : W - 100, top: 0, width: 100, height: 100 }), 0, `${position}: and not in the opposite corner`);
  }
});

test('opacity fades it; a scale larger than fits keeps it inside; tiled covers the whole image', async () => {
  const png = await logo();
  const faded = await drawnOnBlack({ art: { kind: 'logo', png }, position: 'center', opacity: 0.25, scale: 0.25 });
  const box = await watermarkBox({ art: { kind: 'logo', png }, position: 'center', opacity: 0.25, scale: 0.25 }, W, H);
  assert.ok(Math.abs(faded.mean(box) - 64) <= 2, `a quarter of white: ${faded.mean(box)}`);
  const whole = await watermarkBox({ art: { kind: 'logo', png }, position: 'bottom', opacity: 1, scale: 1 }, W, H);
  assert.ok(whole.left >= 0 && whole.top >= 0 && whole.left + whole.width <= W && whole.top + whole.height <= H, JSON.stringify(whole));
  assert.equal(whole.width, W - 2 * MARGIN, 'scale 1: the width inside the margins');
  const tiled = await drawnOnBlack({ art: { kind: 'logo', png }, position: 'tiled', opacity: 1, scale: 0.1 });
  const quarters = [[0, 0], [W / 2, 0], [0, H / 2], [W / 2, H / 2]].map(([left, top]) => tiled.mean({ left: left as number, top: top as number, width: W / 2, height: H / 2 }));
  for (const q of quarters) assert.ok(q > 20, `every quarter carries tiles: ${quarters.join(', ')}`);
});

test('text is drawn white with its markup characters as text, in its share of the width', async () => {
  const spec: WatermarkSpec = { art: { kind: 'text', text: '<b>Ann & "Ben"</b>' }, position: 'top-left', opacity: 1, scale: 0.5 };
  const box = await watermarkBox(spec, W, H);
  assert.ok(Math.abs(box.width - W * 0.5) <= 2, `half the width: ${box.width}`);
  assert.ok(box.height > 20 && box.height < 120, `a line of text: ${box.height}`);
  const drawn = await drawnOnBlack(spec);
  assert.ok(drawn.mean(box) > 60, `white ink in the box: ${drawn.mean(box)}`);
  assert.equal(drawn.mean({ left: 0, top: H - 100, width: W, height: 100 }), 0);
});
