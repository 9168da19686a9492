import { test } from 'node:test';
import assert from 'node:assert/strict';
import { commentsAround, isSuppressed, readSuppressions, scanComments } from '../../server/src/checks/suppression';
import { range } from '../../server/src/model/source';

const TEXT = `# fwlint: disable-file=FTP006
-A INPUT -p tcp --dport 21 -j ACCEPT  # fwlint: disable=FTP001
# fwlint: disable=FTP004, FTP003
# passive ftp range
-A INPUT -p tcp --dport 50000:50009 -j ACCEPT
-A INPUT -m comment --comment "# fwlint: disable=FTP008" -j ACCEPT
-A INPUT -p tcp --dport 3128 -j DROP
`;

test('line, next-statement and file directives', () => {
  const s = readSuppressions(scanComments(TEXT));
  assert.ok(isSuppressed(s, 'FTP001', range(1, 0, 1, 30)));
  assert.ok(!isSuppressed(s, 'FTP002', range(1, 0, 1, 30)));
  assert.ok(isSuppressed(s, 'FTP004', range(4, 0, 4, 30)), 'directive above, past another comment line');
  assert.ok(isSuppressed(s, 'FTP003', range(4, 0, 4, 30)));
  assert.ok(!isSuppressed(s, 'FTP004', range(6, 0, 6, 30)));
  assert.ok(isSuppressed(s, 'FTP006', range(6, 0, 6, 30)), 'file-wide');
});

test('a directive inside a quoted string is not a comment', () => {
  const s = readSuppressions(scanComments(TEXT));
  assert.ok(!isSuppressed(s, 'FTP008', range(5, 0, 5, 30)));
});

test('a multi-line rule is suppressed by a directive on any of its lines', () => {
  const text = 'iptables -A INPUT \\\n  -p tcp --dport 21 -j ACCEPT # fwlint: disable=FTP001\n';
  const s = readSuppressions(scanComments(text));
  assert.ok(isSuppressed(s, 'FTP001', range(0, 0, 1, 30)));
});

test('comments near a rule: its own line and the comment block above it', () => {
  const c = scanComments(TEXT);
  assert.match(commentsAround(c, range(4, 0, 4, 30)), /passive ftp range/);
  assert.doesNotMatch(commentsAround(c, range(6, 0, 6, 30)), /passive/);
});
