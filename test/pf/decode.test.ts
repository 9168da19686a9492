// decodeText: UTF-8 when valid, Latin-1 otherwise, never a replacement character.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { decodeText, isValidUtf8 } from '../../server/src/model/decode';

test('decode: valid UTF-8 stays UTF-8 and loses its BOM', () => {
  assert.equal(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, 0x70, 0xc3, 0xa9])), 'p\u00e9');
  assert.equal(isValidUtf8(new Uint8Array([0xc3, 0xa9])), true);
});

test('decode: invalid UTF-8 reads as Latin-1, one character per byte', () => {
  const bytes = new Uint8Array([0x23, 0x20, 0xa6, 0x73, 0xb1, 0x0a, 0x70]);
  assert.equal(isValidUtf8(bytes), false);
  const text = decodeText(bytes);
  assert.equal(text.length, bytes.length);
  assert.equal(text, '# \u00a6s\u00b1\np');
});
