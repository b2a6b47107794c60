import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { checkUrlLines, extractUrls, urlKey } from '../../app/ui/url-lines.js';

describe('extractUrls', () => {
  test('reads a text/uri-list, skipping its comment lines', () => {
    const list = '# from the browser\r\nhttps://a.example/one.iso\r\nhttp://b.example:8080/two.zip?x=1\r\n';
    assert.deepEqual(extractUrls(list), ['https://a.example/one.iso', 'http://b.example:8080/two.zip?x=1']);
  });

  test('finds links inside prose, without the punctuation around them, each once', () => {
    const text = 'Get it (https://a.example/file.tar.gz), or from https://mirror.example/file.tar.gz. Again: https://a.example/file.tar.gz';
    assert.deepEqual(extractUrls(text), ['https://a.example/file.tar.gz', 'https://mirror.example/file.tar.gz']);
  });

  test('ignores other schemes and bare words', () => {
    assert.deepEqual(extractUrls('ftp://x.example/a magnet:?xt=1 example.com/file www.example.com'), []);
  });

  test('keeps IPv6 hosts, ports, user info and non-ASCII hosts', () => {
    assert.deepEqual(extractUrls('http://[::1]:8080/a http://user@h.example/b https://bücher.example/c'), [
      'http://[::1]:8080/a',
      'http://user@h.example/b',
      'https://bücher.example/c',
    ]);
  });
});

describe('checkUrlLines', () => {
  test('flags a line without a link, a repeated link and a link already in the list', () => {
    const existing = new Map([[urlKey('https://c.example/known.bin'), 42]]);
    const lines = checkUrlLines(
      ['https://a.example/1.iso', '', 'not a link', 'https://A.EXAMPLE/1.iso#part', 'https://c.example/known.bin', '  https://d.example/2.iso  '].join('\n'),
      existing,
    );
    assert.deepEqual(
      lines.map((line) => [line.line, line.status, line.url, line.existingId]),
      [
        [1, 'ok', 'https://a.example/1.iso', undefined],
        [3, 'invalid', null, undefined],
        [4, 'repeated', 'https://A.EXAMPLE/1.iso#part', undefined],
        [5, 'existing', 'https://c.example/known.bin', 42],
        [6, 'ok', 'https://d.example/2.iso', undefined],
      ],
    );
  });

  test('a line holding several links gives one entry for each', () => {
    const lines = checkUrlLines('see https://a.example/x and https://b.example/y', new Map());
    assert.deepEqual(
      lines.map((line) => line.url),
      ['https://a.example/x', 'https://b.example/y'],
    );
  });

  test('a link of another kind (ftp, magnet, sftp) is told apart from text without a link: Peregrine takes http(s) only', () => {
    const lines = checkUrlLines(['ftp://mirror.example/pub/a.iso', 'magnet:?xt=urn:btih:0123456789abcdef', 'see sftp://host/x', 'just words', 'mailto:me@example.org'].join('\n'), new Map());
    assert.deepEqual(
      lines.map((line) => [line.line, line.status]),
      [
        [1, 'unsupported'],
        [2, 'unsupported'],
        [3, 'unsupported'],
        [4, 'invalid'],
        [5, 'invalid'],
      ],
    );
  });

  test('an empty text has no lines', () => {
    assert.deepEqual(checkUrlLines('\n  \n', new Map()), []);
  });
});

describe('urlKey', () => {
  test('scheme and host ignore case, the path does not, the fragment is dropped', () => {
    assert.equal(urlKey('HTTPS://Example.COM/A/b?Q#frag'), 'https://example.com/A/b?Q');
  });
});

describe('planAdd', async () => {
  const { planAdd, emptyAddForm } = await import('../../app/ui/add-form.js');
  const lines = checkUrlLines('https://a.example/1\nhttps://b.example/2\nnope', new Map([[urlKey('https://b.example/2'), 7]]));

  test('adds the good lines with the options given; skips existing ones unless asked', () => {
    const plan = planAdd(lines, { ...emptyAddForm, speedLimit: '2M', headers: 'Referer: https://a.example/\n', asGroup: true, groupName: ' Set ', startPaused: true });
    assert.deepEqual(plan, {
      ok: true,
      input: { urls: ['https://a.example/1'], speedLimit: 2 * 1024 * 1024, headers: { referer: 'https://a.example/' }, startPaused: true, group: 'Set' },
    });
    const again = planAdd(lines, { ...emptyAddForm, allowDuplicates: true });
    assert.deepEqual(again.ok && again.input, { urls: ['https://a.example/1', 'https://b.example/2'], allowDuplicates: true });
  });

  test('says which field cannot be read', () => {
    const plan = planAdd(lines.slice(0, 1), { ...emptyAddForm, speedLimit: 'fast', checksum: 'sha256=12', headers: 'Range: bytes=0-' });
    assert.equal(plan.ok, false);
    assert.deepEqual(Object.keys(plan.ok ? {} : plan.errors).sort(), ['checksum', 'headers', 'speedLimit']);
  });
});
