import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { splitNameForDisplay } from '../../app/ui/format.js';

describe('a file name split for display', () => {
  test('the extension is apart from the stem, in either direction of writing', () => {
    assert.deepEqual(splitNameForDisplay('ubuntu-24.04.1-desktop-amd64.iso'), { stem: 'ubuntu-24.04.1-desktop-amd64', extension: '.iso' });
    assert.deepEqual(splitNameForDisplay('דוח_שנתי.pdf'), { stem: 'דוח_שנתי', extension: '.pdf' });
    assert.deepEqual(splitNameForDisplay('التقرير_السنوي.pdf'), { stem: 'التقرير_السنوي', extension: '.pdf' });
  });

  test('a compressed tar keeps .tar with its extension', () => {
    assert.deepEqual(splitNameForDisplay('backup-2024.tar.zst'), { stem: 'backup-2024', extension: '.tar.zst' });
    assert.deepEqual(splitNameForDisplay('BACKUP.TAR.GZ'), { stem: 'BACKUP', extension: '.TAR.GZ' });
  });

  test('no extension, a long or spaced tail, or a dot file: the name is all stem', () => {
    for (const name of ['README', '.bashrc', 'Open Sky. Season 2', 'report.final_version_two']) {
      assert.deepEqual(splitNameForDisplay(name), { stem: name, extension: '' }, name);
    }
  });
});
