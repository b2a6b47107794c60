import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { copyNames, firstFreeName, maxCopyNumber } from '../../main/engine/copy-names.js';

const noon = Date.UTC(2024, 0, 15, 12, 0, 0, 123);

describe('copy names', () => {
  test('the name, then (1) to (100), then one with a UTC timestamp, as Chromium does', () => {
    const names = [...copyNames('report.pdf', noon)];
    assert.equal(names.length, 2 * (maxCopyNumber + 1));
    assert.equal(names[0], 'report.pdf');
    assert.equal(names[1], 'report (1).pdf');
    assert.equal(names[100], 'report (100).pdf');
    assert.equal(names[101], 'report - 2024-01-15T120000.123.pdf');
    assert.equal(names[102], 'report - 2024-01-15T120000.123 (1).pdf', 'a second download in the same millisecond');
    assert.equal([...copyNames('a.tar.gz', noon)][101], 'a - 2024-01-15T120000.123.tar.gz');
  });

  test('a timestamped name plus .part stays within 255 bytes, keeping the extension', () => {
    const names = [...copyNames(`${'é'.repeat(119)}.zip`, noon)];
    for (const name of names) assert.ok(Buffer.byteLength(`${name}.part`) <= 255, `${name}: ${Buffer.byteLength(name)} bytes`);
    assert.ok(names[101]?.endsWith(' - 2024-01-15T120000.123.zip'));
  });

  test('the first free name skips names taken by a file or by another download\'s .part', () => {
    const present = new Set(['a.bin', 'a (1).bin.part', 'a (2).bin']);
    assert.equal(firstFreeName('a.bin', noon, present), 'a (3).bin');
    assert.equal(firstFreeName('a.bin', noon, present, { ignoreFinal: true }), 'a.bin');
    assert.equal(firstFreeName('b.bin', noon, present), 'b.bin');
  });

  test('after 100 copies the timestamped name; when every candidate is taken, none', () => {
    const present = new Set([...copyNames('x.iso', noon)].slice(0, 101));
    assert.equal(firstFreeName('x.iso', noon, present), 'x - 2024-01-15T120000.123.iso');
    present.add('x - 2024-01-15T120000.123.iso');
    assert.equal(firstFreeName('x.iso', noon, present), 'x - 2024-01-15T120000.123 (1).iso');
    assert.equal(firstFreeName('x.iso', noon, new Set(copyNames('x.iso', noon))), undefined);
  });
});
