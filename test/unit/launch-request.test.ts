import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { launchRequest, parseLaunchArgs, urlsInList } from '../../main/host/launch-request.js';

describe('a second launch', () => {
  test('hands over web addresses and .txt lists; switches and other files are ignored', () => {
    const args = ['--enable-logging', 'https://example.com/a.iso', 'HTTP://EXAMPLE.com/b', 'file:///etc/passwd', 'javascript:alert(1)', 'links.TXT', 'photo.png', '--user-data-dir=/x'];
    assert.deepEqual(parseLaunchArgs(args), { urls: ['https://example.com/a.iso', 'HTTP://EXAMPLE.com/b'], listFiles: ['links.TXT'] });
  });

  test('a list holds one URL a line; blanks, comments and other schemes are skipped', () => {
    assert.deepEqual(urlsInList('# mine\r\nhttps://a.example/1\n\n  http://b.example/2  \nftp://c.example/3\nnot a url\n'), ['https://a.example/1', 'http://b.example/2']);
  });

  test('the receiver accepts only the expected shape', () => {
    assert.equal(launchRequest.safeParse({ urls: ['https://a.example/1'] }).success, true);
    assert.equal(launchRequest.safeParse({ urls: 'https://a.example/1' }).success, false);
    assert.equal(launchRequest.safeParse({ urls: [], run: 'rm -rf' }).success, false);
    assert.equal(launchRequest.safeParse(null).success, false);
  });
});
