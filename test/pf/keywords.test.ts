// Hover texts exist for the words users need explained, and say what matters.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PF_KEYWORDS } from '../../server/src/dialects/pf/keywords';

test('keywords: the words that decide FTP behaviour have hovers', () => {
  for (const word of ['quick', 'pass', 'block', 'match', 'rdr-to', 'nat-to', 'divert-to', 'anchor', 'keep', 'flags', 'egress', 'rdr', 'nat', 'port', 'nat-anchor', 'rdr-anchor']) {
    assert.ok(PF_KEYWORDS[word] && PF_KEYWORDS[word].length > 20, word);
  }
  assert.match(PF_KEYWORDS.quick, /LAST matching rule/);
  assert.match(PF_KEYWORDS.anchor, /ftp-proxy/);
});

test('keywords: plain sentences, at most two', () => {
  for (const [word, text] of Object.entries(PF_KEYWORDS)) {
    const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z`])/).length;
    assert.ok(sentences <= 2, `${word}: ${sentences} sentences`);
    assert.ok(!text.includes('\n'), word);
  }
});
