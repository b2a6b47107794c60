import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, test } from 'node:test';
import {
  fileNameFromUrl,
  maxFileNameBytes,
  sanitizeFileName,
  withCopyNumber,
} from '../../main/engine/file-name.js';
import { partPathInside, pathInside } from '../../main/engine/part-path.js';

describe('sanitizeFileName', () => {
  const cases: [string, string][] = [
    ['report.pdf', 'report.pdf'],
    ['../../etc/passwd', 'passwd'],
    ['/etc/passwd', 'passwd'],
    ['C:\\Windows\\system32\\evil.dll', 'evil.dll'],
    ['..', 'download'],
    ['.', 'download'],
    ['', 'download'],
    ['   ', 'download'],
    ['.bashrc', 'bashrc'],
    ['name. . .', 'name'],
    ['trailing space ', 'trailing space'],
    ['a\u0000b\u001fc\u007fd.txt', 'a_b_c_d.txt'],
    ['line\nbreak.txt', 'line_break.txt'],
    ['invoice\u202Efdp.exe', 'invoicefdp.exe'],
    ['zero\u200Bwidth.txt', 'zerowidth.txt'],
    ['what?<>|*".txt', 'what______.txt'],
    ['con', '_con'],
    ['CON.txt', '_CON.txt'],
    ['lpt1.tar.gz', '_lpt1.tar.gz'],
    ['com9', '_com9'],
    ['console.txt', 'console.txt'],
    ['e\u0301te\u0301.txt', 'été.txt'],
    // Shell-integrated extensions (Firefox's test_filename_sanitize.js, Chromium's IsShellIntegratedExtension).
    ['filename.LNK', 'filename.LNK.download'],
    ['filename.local', 'filename.local.download'],
    ['filename.URl', 'filename.URl.download'],
    ['filename.sCF', 'filename.sCF.download'],
    ['filename.desktop', 'filename.desktop.download'],
    ['filename.local\u180e\u180e\u180e', 'filename.local.download'],
    ['invoice.pdf.lnk\u200B', 'invoice.pdf.lnk.download'],
    ['filename.lnk\n', 'filename.lnk_'],
    ['harmless.{20D04FE0-3AEA-1069-A2D8-08002B30309D}', 'harmless.download'],
    ['x.{645FF040-5081-101B-9F08-00AA002F954E}\u202E', 'x.download'],
    ['notes.lnkx', 'notes.lnkx'],
    ['desktop', 'desktop'],
    // Windows magic names, exact matches only (Chromium's IsReservedNameOnWindows).
    ['desktop.ini', '_desktop.ini'],
    ['Desktop.INI', '_Desktop.INI'],
    ['thumbs.db', '_thumbs.db'],
    ['THUMBS.DB', '_THUMBS.DB'],
    ['my desktop.ini', 'my desktop.ini'],
    ['thumbs.db.txt', 'thumbs.db.txt'],
  ];
  for (const [raw, expected] of cases) {
    test(`${JSON.stringify(raw)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(sanitizeFileName(raw), expected);
    });
  }

  test('long names are cut to the byte limit, keeping the extension and whole characters', () => {
    const name = sanitizeFileName(`${'é'.repeat(300)}.tar.gz`);
    assert.ok(Buffer.byteLength(name) <= maxFileNameBytes, `${Buffer.byteLength(name)} bytes`);
    assert.ok(name.endsWith('é.tar.gz'));
    assert.ok(!name.includes('\uFFFD'));
    const emoji = sanitizeFileName(`${'😀'.repeat(100)}.png`);
    assert.ok(Buffer.byteLength(emoji) <= maxFileNameBytes);
    assert.match(emoji, /^(😀)+\.png$/u);
  });

  test('a name plus copy number and .part stays under 255 bytes', () => {
    const name = withCopyNumber(sanitizeFileName('x'.repeat(1000) + '.zip'), 9999);
    assert.ok(Buffer.byteLength(`${name}.part`) <= 255);
  });

  test('a long name cut to the limit that ends in a shortcut extension still gets .download', () => {
    const name = sanitizeFileName(`${'x'.repeat(236)}.lnk${'y'.repeat(100)}`);
    assert.ok(Buffer.byteLength(name) <= maxFileNameBytes, `${Buffer.byteLength(name)} bytes`);
    assert.ok(name.endsWith('.download'), name);
  });

  test('a very long "extension" is not kept at the expense of the name', () => {
    const name = sanitizeFileName(`a.${'b'.repeat(400)}`);
    assert.ok(Buffer.byteLength(name) <= maxFileNameBytes);
    assert.ok(name.startsWith('a.b'));
  });
});

describe('withCopyNumber', () => {
  test('inserts the number before the extension', () => {
    assert.equal(withCopyNumber('report.pdf', 0), 'report.pdf');
    assert.equal(withCopyNumber('report.pdf', 1), 'report (1).pdf');
    assert.equal(withCopyNumber('archive.tar.gz', 2), 'archive (2).tar.gz');
    assert.equal(withCopyNumber('README', 3), 'README (3)');
  });
});

describe('fileNameFromUrl', () => {
  test('takes the decoded last path segment', () => {
    assert.equal(fileNameFromUrl('https://example.com/files/my%20file.zip?token=1#x'), 'my file.zip');
    assert.equal(fileNameFromUrl('https://example.com/dir/'), 'dir');
    assert.equal(fileNameFromUrl('https://example.com/'), undefined);
    assert.equal(fileNameFromUrl('https://example.com/bad%E0%A4%A.txt'), 'bad%E0%A4%A.txt');
    assert.equal(fileNameFromUrl('not a url'), undefined);
  });
});

describe('pathInside', () => {
  test('a name lands right under the folder, as path.resolve puts it; anything that would leave it is refused', () => {
    for (const dir of ['/tmp/d', '/tmp/d/', '/tmp//d/./e/..', '/', 'relative/dir']) {
      for (const name of ['a.bin', 'a b (1).bin', '.hidden', '...', 'a\\b', ' x ', 'é.txt']) {
        assert.equal(pathInside(dir, name), path.resolve(dir, name), `${dir} + ${name}`);
        assert.equal(partPathInside(dir, name), `${path.resolve(dir, name)}.part`);
      }
      for (const name of ['.', '..', '../x', 'a/b', 'a/', '/etc/passwd', 'a/../b']) {
        assert.throws(() => pathInside(dir, name), /refusing to write/, `${dir} + ${JSON.stringify(name)}`);
      }
    }
  });
});
