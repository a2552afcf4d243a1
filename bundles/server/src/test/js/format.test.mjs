import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tickLabels, compact, duration, middleEllipsis, formatNumber } from '../../main/resources/web/format.js';
import { PALETTE, assignColors, deltaE } from '../../main/resources/web/palette.js';

test('log ticks below 1e-3 are distinct and exact', () => {
  const ticks = [1e-6, 1e-5, 1e-4, 1e-3, 1e-2, 0.1, 1];
  const labels = tickLabels(ticks);
  assert.deepEqual(labels, ['1e-6', '1e-5', '1e-4', '0.001', '0.01', '0.1', '1']);
  assert.equal(new Set(tickLabels([2e-5, 3e-5, 4e-5])).size, 3);
});

test('large x ticks are compact', () => {
  assert.deepEqual(tickLabels([0, 250000, 500000, 750000, 1000000]), ['0', '250k', '500k', '750k', '1M']);
  assert.equal(compact(1500000), '1.5M');
});

test('close ticks get more digits until distinct', () => {
  const labels = tickLabels([1.0001, 1.0002, 1.0003]);
  assert.equal(new Set(labels).size, 3);
});

test('durations read in h/m/s', () => {
  assert.equal(duration(42), '42s');
  assert.equal(duration(125), '2m 05s');
  assert.equal(duration(3 * 3600 + 4 * 60), '3h 04m');
  assert.equal(duration(2 * 86400 + 5 * 3600), '2d 5h');
});

test('middle ellipsis keeps the distinguishing end', () => {
  const name = 'corpus/tensorboard/pytorch/resnet50/lr-0.1';
  const cut = middleEllipsis(name, (t) => t.length <= 20);
  assert.ok(cut.length <= 20, cut);
  assert.ok(cut.endsWith('lr-0.1'), cut);
  assert.ok(cut.includes('…'));
  assert.equal(middleEllipsis('short', () => true), 'short');
});

test('numbers are locale formatted', () => {
  assert.equal(formatNumber(1234567), '1,234,567');
  assert.equal(formatNumber(1e-5), '1e-5');
});

test('the first 20 runs get 20 distinct colours, far apart', () => {
  const names = Array.from({ length: 20 }, (_, i) => `hp/run${i}`).sort();
  const a = assignColors(names, {});
  const colors = names.map((n) => PALETTE[a[n]]);
  assert.equal(new Set(colors).size, 20);
  let min = Infinity;
  for (let i = 0; i < colors.length; i++) for (let j = i + 1; j < colors.length; j++) min = Math.min(min, deltaE(colors[i], colors[j]));
  assert.ok(min > 15, `closest pair differs by ${min}`);
});

test('assignment is stable: new runs never recolour old ones', () => {
  const a = assignColors(['a', 'c'], {});
  const b = assignColors(['a', 'b', 'c'], a);
  assert.equal(b.a, a.a);
  assert.equal(b.c, a.c);
  assert.notEqual(b.b, b.a);
  assert.notEqual(b.b, b.c);
});
