import assert from 'node:assert/strict';
import os from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { hasUrlCredentials, maskHeaderValues, maskUrlPasswords } from '../../app/domain/secrets.js';
import { defaultDatabasePath } from '../../main/store/default-database-path.js';

describe('maskUrlPasswords', () => {
  test('hides the password as wget does, keeps the user and the rest', () => {
    assert.equal(maskUrlPasswords('http://ann:s3cret@example.com:8080/a?b=c'), 'http://ann:*password*@example.com:8080/a?b=c');
    assert.equal(maskUrlPasswords('https://:s3cret@example.com/'), 'https://:*password*@example.com/');
  });
  test('a password holding "@" or ":" is hidden whole', () => {
    assert.equal(maskUrlPasswords('http://ann:p@ss:w@rd@example.com/x'), 'http://ann:*password*@example.com/x');
  });
  test('every URL inside a message, and nothing else', () => {
    assert.equal(
      maskUrlPasswords('redirected from https://a:1@x.example/ to "http://b:2@y.example/f" (see http://z.example/@c)'),
      'redirected from https://a:*password*@x.example/ to "http://b:*password*@y.example/f" (see http://z.example/@c)',
    );
    assert.equal(maskUrlPasswords('http://ann@example.com/x'), 'http://ann@example.com/x', 'no password to hide');
    assert.equal(maskUrlPasswords('time 12:30@home'), 'time 12:30@home');
  });
});

test('maskHeaderValues keeps the names only', () => {
  assert.deepEqual(maskHeaderValues({ authorization: 'Bearer t0ken', cookie: 'a=b' }), { authorization: '***', cookie: '***' });
});

test('hasUrlCredentials', () => {
  assert.equal(hasUrlCredentials('http://ann:x@example.com/'), true);
  assert.equal(hasUrlCredentials('http://ann@example.com/'), true);
  assert.equal(hasUrlCredentials('http://example.com/a@b'), false);
});

describe('defaultDatabasePath', () => {
  const home = os.homedir();
  test('XDG_CONFIG_HOME when set to an absolute path', () => {
    assert.equal(defaultDatabasePath({ XDG_CONFIG_HOME: '/xdg' }, 'linux'), path.join('/xdg', 'Peregrine', 'peregrine.db'));
  });
  test('an empty or relative XDG_CONFIG_HOME falls back to ~/.config, never the current folder', () => {
    const fallback = path.join(home, '.config', 'Peregrine', 'peregrine.db');
    assert.equal(defaultDatabasePath({ XDG_CONFIG_HOME: '' }, 'linux'), fallback);
    assert.equal(defaultDatabasePath({ XDG_CONFIG_HOME: 'relative' }, 'linux'), fallback);
    assert.equal(defaultDatabasePath({}, 'linux'), fallback);
  });
  test('an empty APPDATA falls back to the roaming folder', () => {
    assert.equal(defaultDatabasePath({ APPDATA: '' }, 'win32'), path.join(home, 'AppData', 'Roaming', 'Peregrine', 'peregrine.db'));
  });
});
