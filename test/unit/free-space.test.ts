import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { bytesStillNeeded, folderName, lowOnSpace, lowSpaceBytes } from '../../app/ui/free-space.js';

describe('low on space', () => {
  test('under 1 GiB is low whatever runs', () => {
    assert.equal(lowOnSpace(lowSpaceBytes - 1, 0), true);
    assert.equal(lowOnSpace(lowSpaceBytes, 0), false);
  });

  test('less than the running downloads still need is low', () => {
    const progress = [
      { id: 1, bytes: 1_000, totalBytes: 5 * lowSpaceBytes, speed: 1, etaSeconds: null, connections: 1 },
      { id: 2, bytes: 10, totalBytes: null, speed: 1, etaSeconds: null, connections: 1 },
    ];
    const needed = bytesStillNeeded(progress);
    assert.equal(needed, 5 * lowSpaceBytes - 1_000);
    assert.equal(lowOnSpace(4 * lowSpaceBytes, needed), true);
    assert.equal(lowOnSpace(6 * lowSpaceBytes, needed), false);
  });
});

describe('the folder the free space is about', () => {
  test('is named by the last part of its path, on any system', () => {
    assert.equal(folderName('/home/ann/Downloads'), 'Downloads');
    assert.equal(folderName('/home/ann/Downloads/'), 'Downloads');
    assert.equal(folderName('C:\\Users\\Ann\\Téléchargements'), 'Téléchargements');
    assert.equal(folderName('/'), '/');
  });
});
