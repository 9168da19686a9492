// Hover texts: the options, targets and states users write are documented.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { IPTABLES_KEYWORDS } from '../../server/src/dialects/iptables/keywords';
import { STRICT_TARGETS } from '../../server/src/dialects/iptables/options';

test('keywords: the FTP-relevant words are documented', () => {
  for (const word of ['--dport', '--sport', '--dports', '--ctstate', '--state', 'RELATED', 'ESTABLISHED', 'NEW', 'CT', '--helper', 'DNAT', 'multiport', '-I', '-P', 'raw']) {
    assert.ok(IPTABLES_KEYWORDS[word], word);
  }
  assert.match(IPTABLES_KEYWORDS.CT, /--helper ftp/);
  assert.match(IPTABLES_KEYWORDS['--dport'], /needs -p tcp or -p udp/);
});

test('keywords: every target the parser knows completely is documented', () => {
  const missing = [...STRICT_TARGETS].filter((t) => !IPTABLES_KEYWORDS[t]);
  assert.deepEqual(missing, []);
});

test('keywords: entries are one or two plain sentences', () => {
  for (const [word, text] of Object.entries(IPTABLES_KEYWORDS)) {
    const sentences = text.split(/(?<=[.!?])\s+(?=[A-Z(-])/).length;
    assert.ok(sentences <= 3 && text.endsWith('.'), `${word}: ${text}`);
  }
});
