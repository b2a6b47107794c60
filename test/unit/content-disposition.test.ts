import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import { fileNameFromContentDisposition, singleContentDisposition } from '../../main/engine/content-disposition.js';
import { DownloadError } from '../../main/engine/download-error.js';
import { sanitizeFileName } from '../../main/engine/file-name.js';

/** Header text as Node hands it over: one character per byte, so `\xc3\xa9` is raw UTF-8 for é. */
type Case = readonly [header: string, expected: string | undefined];

function check(cases: readonly Case[]): void {
  for (const [header, expected] of cases) {
    test(`${JSON.stringify(header)} → ${JSON.stringify(expected)}`, () => {
      assert.equal(fileNameFromContentDisposition(header), expected);
    });
  }
}

// Chromium's net/http/http_content_disposition_unittest.cc, "Filename" (an empty expected name is undefined here).
describe('Content-Disposition as Chromium reads it', () => {
  describe('plain values', () => {
    check([
      ['inline; filename="abcde.pdf"', 'abcde.pdf'],
      ['attachment; filename=abcde.pdf', 'abcde.pdf'],
      ['attachment; filename=abc,de.pdf', 'abc,de.pdf'],
      ['filename=abcde.pdf', 'abcde.pdf'],
      ['filename= abcde.pdf', 'abcde.pdf'],
      ['filename =abcde.pdf', 'abcde.pdf'],
      ['filename = abcde.pdf', 'abcde.pdf'],
      ['filename\t=abcde.pdf', 'abcde.pdf'],
      ['filename \t\t  =abcde.pdf', 'abcde.pdf'],
      ['inline; name="abcde.pdf"', undefined],
      ['attachment; name=abcde.pdf', undefined],
      ['name=abcde.pdf', undefined],
      ['filename="abcdef.pdf', 'abcdef.pdf'],
      ['inline; filename="abc  \t\nde.pdf"', 'abc    de.pdf'],
      ['attachment; name="foo"; filename="bar"', 'bar'],
      ['attachment; filename="bar"; name="foo"', 'bar'],
      [undefined as unknown as string, undefined],
      ['', undefined],
      ['attachment', undefined],
      ['attachment; filename=""', undefined],
    ]);
  });

  describe('percent-escapes in a plain filename: UTF-8 or nothing', () => {
    check([
      ['inline; filename="abc%20de.pdf"', 'abc de.pdf'],
      ['attachment; filename="%EC%98%88%EC%88%A0%20%EC%98%88%EC%88%A0.jpg"', '예술 예술.jpg'],
      ['attachment; filename="%F0%90%8C%B0%F0%90%8C%B1abc.jpg"', '\u{10330}\u{10331}abc.jpg'],
      ['attachment; filename="%EC%98%88%EC%88%A0 \n%EC%98%88%EC%88%A0.jpg"', '예술  예술.jpg'],
      ['attachment; filename=%E5%B2%A1%E3%80%80%E5%B2%A1.txt', '岡\u3000岡.txt'],
      ['attachment; filename=%EC%98%88%EC%88%A', undefined],
      ['attachment; filename=%B7%DD%BD%D1.png', undefined],
      ['attachment; filename="foo-%41.html"', 'foo-A.html'],
      ['attachment; filename="50%.html"', '50%.html'],
      ['attachment; filename="foo-%\\41.html"', 'foo-A.html'],
      ['attachment; filename="foo-%c3%a4-%e2%82%ac.html"', 'foo-ä-€.html'],
    ]);
  });

  describe('raw 8-bit bytes: read as UTF-8 when they are UTF-8, never guessed at', () => {
    check([
      ['attachment; filename=caf\xc3\xa9.png', 'café.png'],
      ['attachment; filename="foo-\xc3\xa4.html"', 'foo-ä.html'],
      ['attachment; filename=foo-\xc3\xa4.html', 'foo-ä.html'],
      ['attachment; filename=caf\xe5.png', undefined],
      ['attachment; filename="foo-\xe4.html"', undefined],
    ]);
  });

  describe('RFC 2047 encoded words in a plain filename', () => {
    check([
      ['attachment; filename="=?EUC-JP?Q?=B7=DD=BD=D13=2Epng?="', '芸術3.png'],
      ['attachment; filename==?eUc-Kr?b?v7m8+iAzLnBuZw==?=', '예술 3.png'],
      ['attachment; filename==?utf-8?Q?=E8=8A=B8=E8=A1=93_3=2Epng?=', '芸術 3.png'],
      ['attachment; filename==?utf-8?Q?=F0=90=8C=B0_3=2Epng?=', '\u{10330} 3.png'],
      ['inline; filename="=?iso88591?Q?caf=e9_=2epng?="', 'café .png'],
      ['inline; filename="=?iso88591?Q?caf=E9_?= .png"', 'café .png'],
      ['inline; filename="=?euc-kr?b?v7m8+iAz?= =?ksc5601?q?=BF=B9=BC=FA=2Epng?="', '예술 3예술.png'],
      ['attachment; filename="=?windows-1252?Q?caf=E9?=  =?iso-8859-7?b?4eI=?= .png"', 'caféαβ.png'],
      ['attachment; filename="=?gbk?B?1tDOxC5wZGY=?="', '中文.pdf'],
      ['attachment; filename="=?shift_jis?B?k/qWe4zqLnR4dA==?="', '日本語.txt'],
      ['attachment; filename==?ISO-8859-1?Q?foo-=E4.html?=', 'foo-ä.html'],
      ['attachment; filename="=?ISO-8859-1?Q?foo-=E4.html?="', 'foo-ä.html'],
      // Malformed words give no name.
      ['attachment; filename==?iiso88591?Q?caf=EG?=', undefined],
      ['attachment; filename==?iso88591?Q?caf=E3?', undefined],
      ['attachment; filename==?iso88591?Q?caf=E3?==', undefined],
      ['attachment; filename==?iso88591?Q?caf=E3?=?', undefined],
      ['attachment; filename==?iso88591?Q?caf=E3?=?=', undefined],
      ['attachment; filename==?windows-1252?Q?=63=61=E?=', undefined],
      ['attachment; filename==?windows-1252?Q?caf=E3?==?iso-8859-7?b?4eIucG5nCg==?=', undefined],
      ['attachment; filename==?utf-8?Q??=', undefined],
      ['attachment; filename==?utf-8?B?4oI=?=', undefined],
      ['attachment; filename==?no-such-charset?Q?abc?=', undefined],
      ['attachment; filename==?utf-8?B?not base64?=', undefined],
    ]);
  });

  describe('filename* (RFC 8187) in any charset the platform decodes', () => {
    check([
      ['attachment; filename*=foo.html', undefined],
      ["attachment; filename*=foo'.html", undefined],
      ["attachment; filename*=''foo'.html", undefined],
      ["attachment; filename*=''foo.html'", undefined],
      ["attachment; filename*=''f\"oo\".html'", undefined],
      ["attachment; filename*=bogus_charset''foo.html'", undefined],
      ["attachment; filename*='en'foo.html'", undefined],
      ["attachment; filename*=iso-8859-1'en'foo.html", 'foo.html'],
      ["attachment; filename*=utf-8'en'foo.html", 'foo.html'],
      ["attachment; filename*=utf-8'en'%E5%B2%A1%E3%80%80%E5%B2%A1.txt", '岡\u3000岡.txt'],
      ["attachment; filename*='es'f\xfa.html'", undefined],
      ["attachment; filename*=iso-8859-1'es'f\xfa.html", undefined],
      ["attachment; filename*=utf-8'es'f\xce\xba.html", undefined],
      ["inline; filename*=iso88591''cafe foo.png", 'cafe foo.png'],
      ["attachment; filename*=EUC-JP''%B7%DD%BD%D13%2Epng", '芸術3.png'],
      ["attachment; filename*=utf-8''%E8%8A%B8%E8%A1%93%203%2Epng", '芸術 3.png'],
      ["attachment; filename*=utf-8''%F0%90%8C%B0 3.png", '\u{10330} 3.png'],
      ["inline; filename*=Euc-Kr'ko'%BF%B9%BC%FA%2Epng", '예술.png'],
      ["attachment; filename*=windows-1252''caf%E9.png", 'café.png'],
      ["attachment; filename*=Shift_JIS''%93%FA%96%7B%8C%EA.txt", '日本語.txt'],
      ["attachment; filename*=GBK''%D6%D0%CE%C4.pdf", '中文.pdf'],
      ['attachment; filename="bar"; filename*=utf-8\'\'baz', 'baz'],
      // Bytes invalid in the declared charset: no name, never U+FFFD.
      ["attachment; filename*=utf-8''%E2%82.txt", undefined],
      ["attachment; filename*=Shift_JIS''%82%FF.txt", undefined],
      ["attachment; filename*=utf-8''caf%E9.png", undefined],
      // tc2231
      ["attachment; filename*=iso-8859-1''foo-%E4.html", 'foo-ä.html'],
      ["attachment; filename*=UTF-8''foo-%c3%a4-%e2%82%ac.html", 'foo-ä-€.html'],
      ["attachment; filename*=''foo-%c3%a4-%e2%82%ac.html", undefined],
      ["attachment; filename*=UTF-8''foo-a%cc%88.html", 'foo-a\u0308.html'],
      ["attachment; filename *=UTF-8''foo-%c3%a4.html", undefined],
      ["attachment; filename*= UTF-8''foo-%c3%a4.html", 'foo-ä.html'],
      ["attachment; filename* =UTF-8''foo-%c3%a4.html", 'foo-ä.html'],
      ['attachment; filename*="UTF-8\'\'foo-%c3%a4.html"', undefined],
      ['attachment; filename="foo-ae.html"; filename*=UTF-8\'\'foo-%c3%a4.html', 'foo-ä.html'],
      ['attachment; filename*=UTF-8\'\'foo-%c3%a4.html; filename="foo-ae.html"', 'foo-ä.html'],
      // An invalid filename* leaves the plain filename to name the file.
      ["attachment; filename*=utf-8''%E2%82.txt; filename=plain.txt", 'plain.txt'],
    ]);
  });

  describe('RFC 2231 continuations (tc2231, as Firefox reads them)', () => {
    check([
      ['attachment; filename*0="foo."; filename*1="html"', 'foo.html'],
      ['attachment; filename*0=foo.; filename*1=html', 'foo.html'],
      ['attachment; filename*0="foo"; filename*1="\\b\\a\\r.html"', 'foobar.html'],
      ["attachment; filename*0*=UTF-8''foo-%c3%a4; filename*1=\".html\"", 'foo-ä.html'],
      ["attachment; filename*0*=UTF-8''foo-%c3; filename*1*=%a4.html", 'foo-ä.html'],
      ['attachment; filename*0="foo"; filename*01="bar"', 'foo'],
      ['attachment; filename*0="foo"; filename*2="bar"', 'foo'],
      ['attachment; filename*1="foo."; filename*2="html"', undefined],
      ['attachment; filename*1="bar"; filename*0="foo"', 'foobar'],
      ['attachment; filename*0="first"; filename*0="second"; filename*1=".txt"', 'first.txt'],
      ["attachment; filename*0*=ISO-8859-15''euro-sign%3d%a4; filename*=ISO-8859-1''currency-sign%3d%a4", 'currency-sign=¤'],
      ["attachment; filename*0*=ISO-8859-15''euro-sign%3d%a4; filename=\"plain.txt\"", 'euro-sign=€'],
      ["attachment; filename*0*=utf-8''%E2%82; filename*1=\".txt\"", undefined],
    ]);
  });

  // Chromium's "tc2231" table.
  describe('header structure (tc2231)', () => {
    check([
      ['inline', undefined],
      ['"inline"', undefined],
      ['inline; filename="foo.html"', 'foo.html'],
      ['inline; filename="Not an attachment!"', 'Not an attachment!'],
      ['"attachment"', undefined],
      ['ATTACHMENT', undefined],
      ['attachment; filename="f\\oo.html"', 'foo.html'],
      ['attachment; filename="\\"quoting\\" tested.html"', '"quoting" tested.html'],
      ['attachment; filename="Here\'s a semicolon;.html"', "Here's a semicolon;.html"],
      ['attachment; foo="bar"; filename="foo.html"', 'foo.html'],
      ['attachment; foo="\\"\\\\";filename="foo.html"', 'foo.html'],
      ['attachment; FILENAME="foo.html"', 'foo.html'],
      ['attachment; filename=foo.html ;', 'foo.html'],
      ['attachment; ;filename=foo', 'foo'],
      ['attachment; filename=foo bar.html', 'foo bar.html'],
      ["attachment; filename='foo.bar'", "'foo.bar'"],
      ['attachment; name="foo-%41.html"', undefined],
      ['attachment; filename ="foo.html"', 'foo.html'],
      // The first of two filename parameters wins.
      ['attachment; filename="foo.html"; filename="bar.html"', 'foo.html'],
      ['attachment; filename=""; filename="bar.html"', 'bar.html'],
      ['attachment; filename=foo[1](2).html', 'foo[1](2).html'],
      ['filename=foo.html', 'foo.html'],
      ['x=y; filename=foo.html', 'foo.html'],
      // Never a name from inside another parameter's quoted string.
      ['"foo; filename=bar;baz"; filename=qux', undefined],
      ['attachment; foo="x; filename=evil.exe"; filename=ok.txt', 'ok.txt'],
      ['attachment; example="filename=example.txt"', undefined],
      ['filename=foo.html, filename=bar.html', 'foo.html, filename=bar.html'],
      ['; filename=foo.html', 'foo.html'],
      // A bare token after the type ends the parameters.
      ['inline; attachment; filename=foo.html', undefined],
      ['attachment; inline; filename=foo.html', undefined],
      ['filename=foo.html; attachment', 'foo.html'],
      ['attachment; filename="foo.html".txt', 'foo.html".txt'],
      ['attachment; filename="bar', 'bar'],
      ['attachment; filename=foo"bar;baz"qux', 'foo"bar;baz"qux'],
      ['attachment; filename=foo.html, attachment; filename=bar.html', 'foo.html, attachment'],
      ['attachment; foo=foo filename=bar', undefined],
      ['attachment; xfilename=foo.html', undefined],
      ['attachment; filename="/foo.html"', '/foo.html'],
      ['attachment; filename="\\\\foo.html"', '\\foo.html'],
      ['foobar', undefined],
      ['attachment; foobar=x; filename="foo.html"', 'foo.html'],
    ]);
  });

  describe('then sanitised into the name on disk', () => {
    const cases: Case[] = [
      ['attachment; filename=foo%00bar.jpg', 'foo_bar.jpg'],
      ['attachment; filename="abc%20de.pdf"', 'abc de.pdf'],
      ['attachment; filename="/foo.html"', 'foo.html'],
      ['attachment; filename="%2e%2e%2fsecret.txt"', 'secret.txt'],
      ['attachment; filename="abc  \t\nde.pdf"', 'abc    de.pdf'],
      ["attachment; filename*=UTF-8''foo-a%cc%88.html", 'foo-ä.html'],
      ['attachment; filename="=?utf-8?Q?run.LNK?="', 'run.LNK.download'],
    ];
    for (const [header, expected] of cases) {
      test(`${JSON.stringify(header)} → ${JSON.stringify(expected)}`, () => {
        assert.equal(sanitizeFileName(fileNameFromContentDisposition(header) ?? ''), expected);
      });
    }
  });
});

describe('singleContentDisposition', () => {
  test('one header, or identical copies, give its value', () => {
    assert.equal(singleContentDisposition(['Content-Type', 'text/plain']), undefined);
    assert.equal(singleContentDisposition(['Content-Disposition', 'attachment; filename="a, b.txt"']), 'attachment; filename="a, b.txt"');
    assert.equal(singleContentDisposition(['content-disposition', 'attachment; filename=a.txt', 'X', 'y', 'CONTENT-DISPOSITION', 'attachment; filename=a.txt ']), 'attachment; filename=a.txt');
  });

  test('two different ones are a bad response', () => {
    assert.throws(
      () => singleContentDisposition(['Content-Disposition', 'attachment; filename=a.txt', 'Content-Disposition', 'attachment; filename=b.exe']),
      (error: unknown) => error instanceof DownloadError && error.code === 'bad_response' && !error.retryable,
    );
  });
});
