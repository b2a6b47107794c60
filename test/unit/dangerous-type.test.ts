import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { mayOpenByItself } from '../../app/domain/dangerous-type.js';

describe('mayOpenByItself', () => {
  test('opens documents, pictures and archives', () => {
    for (const name of ['report.pdf', 'photo.JPG', 'song.mp3', 'data.tar.gz', 'notes.txt', '.config.json']) {
      assert.equal(mayOpenByItself(name), true, name);
    }
  });

  test('never opens programs, scripts, installers or shortcuts, whatever their case', () => {
    const chromium = 'exe com scr pif bat cmd msi msp cpl inf reg lnk url hta js jse vbs vbe wsf wsh ps1 msc scf dll sys ocx jar jnlp class py pyw pl rb dmg pkg mpkg command applescript scpt mobileconfig deb rpm run sh bash desktop apk';
    for (const extension of [...chromium.split(' '), 'appimage']) {
      assert.equal(mayOpenByItself(`file.${extension}`), false, extension);
      assert.equal(mayOpenByItself(`FILE.${extension.toUpperCase()}`), false, extension.toUpperCase());
    }
    assert.equal(mayOpenByItself('Peregrine-1.0.0.AppImage'), false);
  });

  test('sees through the tricks a name can play', () => {
    assert.equal(mayOpenByItself('setup.exe.'), false, 'a trailing dot');
    assert.equal(mayOpenByItself('setup.exe  '), false, 'trailing spaces');
    assert.equal(mayOpenByItself('setup.e\u0000xe'), false, 'a NUL inside');
    assert.equal(mayOpenByItself('invoice\u202Efdp.exe'), false, 'a bidi override');
    assert.equal(mayOpenByItself('a.txt:evil.exe'), false, 'an NTFS stream');
    assert.equal(mayOpenByItself('film.mp4.part'), false, 'a partial file');
  });

  test('does not open what it cannot name', () => {
    assert.equal(mayOpenByItself('README'), false);
    assert.equal(mayOpenByItself('.bashrc'), false);
    assert.equal(mayOpenByItself('name.'), false);
    assert.equal(mayOpenByItself(''), false);
  });
});
