import { test } from 'node:test';
import assert from 'node:assert/strict';
import { smooth, percentileRange, toNumber, csvOf } from '../../main/resources/ui/scalar-math.js';

test('smoothing with weight 0 returns the values', () => {
  assert.deepEqual(Array.from(smooth([1, 2, 3], 0)), [1, 2, 3]);
});

test('debiased EMA starts at the first value and follows TensorBoard', () => {
  const s = smooth([10, 20, 30], 0.6);
  assert.equal(s[0], 10);
  // last = 0.4*10 = 4, then 0.6*4 + 0.4*20 = 10.4, debias 1 - 0.36 = 0.64
  assert.ok(Math.abs(s[1] - 10.4 / 0.64) < 1e-12);
});

test('a constant series stays constant under smoothing', () => {
  for (const v of smooth(new Array(50).fill(3.5), 0.9)) assert.ok(Math.abs(v - 3.5) < 1e-12);
});

test('non-finite values pass through and do not disturb the average', () => {
  const s = smooth([1, NaN, Infinity, 1], 0.5);
  assert.ok(Number.isNaN(s[1]));
  assert.equal(s[2], Infinity);
  assert.ok(Math.abs(s[3] - 1) < 1e-12);
});

test('outlier range ignores extremes', () => {
  const values = Array.from({ length: 1000 }, (_, i) => i / 1000);
  values[500] = 1e9;
  const [lo, hi] = percentileRange([values, [null]], 0.02, 0.98);
  assert.ok(lo >= 0.015 && hi < 1, `${lo} ${hi}`);
});

test('API strings become numbers', () => {
  assert.ok(Number.isNaN(toNumber('NaN')));
  assert.equal(toNumber('-Infinity'), -Infinity);
  assert.equal(toNumber(0.25), 0.25);
});

test('CSV has every point, quoted names and named non-finite values', () => {
  const csv = csvOf('train/loss', [['a,b', { steps: [0, 1], walls: [1500, 2500], values: [0.5, NaN] }]]);
  assert.equal(csv, 'run,tag,step,wall_time,value\n"a,b",train/loss,0,1.5,0.5\n"a,b",train/loss,1,2.5,NaN\n');
});
