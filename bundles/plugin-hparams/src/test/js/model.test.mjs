// The hparams UI's pure functions under node's test runner (run by the Maven build).
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import {
  active, axisOf, brushExtent, brushFilter, buildTable, compactFilters, filterRows, fmt, interpolate,
  nextSort, num, parseJson, ramp, sortRows, unitOf,
} from '../../main/resources/ui/model.js';

const EXPERIMENT = {
  hparams: [
    { name: 'lr', type: 'number', values: [0.001, 0.01, 0.1] },
    { name: 'optimizer', type: 'string', values: ['adam', 'sgd'] },
    { name: 'augment', type: 'bool', values: [false, true] },
  ],
  metrics: [{ tag: 'acc' }, { tag: 'loss' }],
  sessions: [
    { run: 'a', hparams: { lr: 0.1, optimizer: 'sgd', augment: true }, metrics: { acc: 0.8, loss: 0.3 } },
    { run: 'b', hparams: { lr: 0.01, optimizer: 'adam', augment: false }, metrics: { acc: 0.9, loss: null } },
    { run: 'c', hparams: { lr: 0.001, optimizer: 'adam' }, metrics: { acc: 'NaN', loss: 0.5 } },
  ],
};

test('columns hold one value per session; missing values are NaN or -1', () => {
  const t = buildTable(EXPERIMENT);
  assert.deepEqual(t.runs, ['a', 'b', 'c']);
  assert.deepEqual(t.columns.map((c) => c.id), ['h:lr', 'h:optimizer', 'h:augment', 'm:acc', 'm:loss']);
  assert.deepEqual([...t.byId.get('h:lr').values], [0.1, 0.01, 0.001]);
  assert.deepEqual(t.byId.get('h:augment').categories, ['false', 'true']);
  assert.deepEqual([...t.byId.get('h:augment').codes], [1, 0, -1]);
  assert.ok(Number.isNaN(t.byId.get('m:acc').values[2]));
  assert.ok(Number.isNaN(t.byId.get('m:loss').values[1]));
  assert.equal(t.byId.get('h:lr').log, true, 'two decades: a log axis');
  assert.equal(t.byId.get('m:acc').log, false, 'metrics stay linear');
  assert.equal(t.byId.get('m:loss').min, 0.3);
});

test('filters: number ranges drop missing values, categories by exclusion and text', () => {
  const t = buildTable(EXPERIMENT);
  assert.deepEqual([...filterRows(t, {})], [0, 1, 2]);
  assert.deepEqual([...filterRows(t, { 'h:lr': { min: 0.005 } })], [0, 1]);
  assert.deepEqual([...filterRows(t, { 'm:loss': { max: 1 } })], [0, 2]);
  assert.deepEqual([...filterRows(t, { 'h:optimizer': { exclude: ['sgd'] } })], [1, 2]);
  assert.deepEqual([...filterRows(t, { 'h:augment': { exclude: ['true'] } })], [1, 2], 'missing passes an exclusion');
  assert.deepEqual([...filterRows(t, { 'h:optimizer': { match: 'AD' } })], [1, 2]);
  assert.deepEqual([...filterRows(t, {}, new Set(['b', 'c']))], [1, 2]);
  assert.deepEqual([...filterRows(t, { 'h:lr': { min: 0.005 } }, new Set(['b', 'c']))], [1]);
  assert.deepEqual([...filterRows(t, { 'h:nope': { min: 1 } })], [0, 1, 2], 'unknown columns ignored');
  assert.equal(active({}), false);
  assert.equal(active({ exclude: [] }), false);
  assert.deepEqual(compactFilters({ a: { min: 1 }, b: {}, c: { exclude: [] } }), { a: { min: 1 } });
});

test('sorting: both directions, missing values last, ties in session order', () => {
  const t = buildTable(EXPERIMENT);
  const all = filterRows(t, {});
  assert.deepEqual([...sortRows(t, all, 'h:lr')], [2, 1, 0]);
  assert.deepEqual([...sortRows(t, all, '-h:lr')], [0, 1, 2]);
  assert.deepEqual([...sortRows(t, all, 'm:acc')], [0, 1, 2]);
  assert.deepEqual([...sortRows(t, all, '-m:acc')], [1, 0, 2]);
  assert.deepEqual([...sortRows(t, all, '-h:augment')], [0, 1, 2]);
  assert.deepEqual([...sortRows(t, all, 'h:optimizer')], [1, 2, 0]);
  assert.deepEqual([...sortRows(t, all, '-run')], [2, 1, 0]);
  assert.equal(nextSort(null, 'x'), 'x');
  assert.equal(nextSort('x', 'x'), '-x');
  assert.equal(nextSort('-x', 'x'), null);
  assert.equal(nextSort('-y', 'x'), 'x');
});

test('axes map values to [0, 1]; a brush becomes the column filter and back', () => {
  const t = buildTable(EXPERIMENT);
  const lr = axisOf(t.byId.get('h:lr'));
  assert.ok(Math.abs(unitOf(lr, 1) - 0.5) < 1e-12, 'log axis: 0.01 halfway between 0.001 and 0.1');
  const f = brushFilter(lr, 0.75, 0.25);
  assert.deepEqual(f, { min: 0.003162, max: 0.03162 }, '10^-2.5 and 10^-1.5 to four digits');
  assert.deepEqual([...filterRows(t, { 'h:lr': f })], [1]);
  const ext = brushExtent(lr, f);
  assert.ok(Math.abs(ext[0] - 0.25) < 1e-4 && Math.abs(ext[1] - 0.75) < 1e-4);
  const opt = axisOf(t.byId.get('h:optimizer'));
  assert.equal(unitOf(opt, 0), 1);
  assert.equal(unitOf(opt, 1), 0);
  assert.deepEqual(brushFilter(opt, 0.6, 1), { exclude: ['adam'] });
  assert.deepEqual(brushExtent(opt, { exclude: ['adam'] }), [1, 1]);
  const acc = axisOf(t.byId.get('m:acc'));
  assert.ok(Number.isNaN(unitOf(acc, 2)));
  assert.equal(brushExtent(acc, undefined), null);
});

test('helpers: numbers, colours, URL JSON, messages', () => {
  assert.ok(Number.isNaN(num(null)));
  assert.equal(num('Infinity'), Infinity);
  assert.equal(fmt(0.000123), '1.23e-4');
  assert.equal(fmt(0.5), '0.5');
  assert.equal(fmt(1234567), '1.235e+6');
  assert.equal(ramp(['#000000', '#ffffff'], 0.5), 'rgb(128,128,128)');
  assert.equal(ramp(['#000000', 'rgb(0, 0, 255)'], 1), 'rgb(0,0,255)');
  assert.equal(ramp(['#000000', '#ffffff'], NaN), null);
  assert.deepEqual(parseJson('{"a":1}', {}), { a: 1 });
  assert.deepEqual(parseJson('not json', {}), {});
  assert.deepEqual(parseJson('3', {}), {}, 'not the type asked for');
  assert.deepEqual(parseJson('["x"]', []), ['x']);
  assert.equal(interpolate('{shown} of {total}', { shown: 3, total: 5 }), '3 of 5');
  assert.equal(interpolate('{a} {b}', { a: 1 }), '1 {b}');
});

test('every message key the UI uses exists in every language, with the same placeholders', () => {
  const dir = new URL('../../main/resources/ui/', import.meta.url);
  const source = readdirSync(dir).filter((f) => f.endsWith('.js')).map((f) => readFileSync(new URL(f, dir), 'utf8')).join('\n');
  const used = new Set([...source.matchAll(/\bt\('([a-zA-Z]+\.[a-zA-Z]+)'/g)].map((m) => m[1]));
  // Keys built from parts.
  for (const v of ['table', 'parallel', 'scatter']) used.add(`view.${v}`);
  for (const k of ['number', 'string', 'bool']) used.add(`type.${k}`);
  for (const k of ['min', 'max', 'minOf', 'maxOf', 'hparams', 'metrics', 'metric']) used.add(`side.${k}`);
  const langs = readdirSync(new URL('messages/', dir)).filter((f) => f.endsWith('.json'));
  assert.deepEqual(langs.sort(), ['en.json', 'zh-CN.json']);
  const en = JSON.parse(readFileSync(new URL('messages/en.json', dir), 'utf8'));
  for (const k of used) assert.ok(k in en, `en.json lacks ${k}`);
  for (const k of Object.keys(en)) assert.ok(used.has(k), `en.json has unused ${k}`);
  const holes = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join();
  // Other languages are keyed by the English text, as the shell's catalogues are.
  const zh = JSON.parse(readFileSync(new URL('messages/zh-CN.json', dir), 'utf8'));
  assert.deepEqual(Object.keys(zh).sort(), [...new Set(Object.values(en))].sort(), 'zh-CN.json');
  for (const english of Object.values(en)) assert.equal(holes(zh[english]), holes(english), `zh-CN ${english}`);
});
