// "A check reports once per root cause": when a rule assigns the ftp helper to
// the control connection but RELATED data is not accepted, FTP009 reports it
// on the helper assignment, and the blocked-data checks (FTP001 for servers,
// FTP006/FTP007 for clients) stay silent. Every finding of the file is
// compared, not only one check's.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Dialect } from '../../server/src/model/source';
import { analyse, REPO_ROOT, summary } from './harness';

interface Case {
  readonly name: string;
  readonly dialect: Dialect;
  readonly text: string;
  /** Every finding the file raises, code@line. */
  readonly findings: readonly string[];
}

const CASES: readonly Case[] = [
  {
    name: 'nft server: helper assigned in prerouting, RELATED not accepted',
    dialect: 'nftables',
    text: `table inet filter {
	ct helper ftp-standard { type "ftp" protocol tcp; }
	chain pre { type filter hook prerouting priority filter; policy accept; tcp dport 21 ct helper set "ftp-standard" }
	chain input { type filter hook input priority filter; policy drop; ct state established accept; tcp dport 21 accept }
}
`,
    findings: ['FTP009@3'],
  },
  {
    name: 'iptables-save server: -j CT --helper ftp, ESTABLISHED only',
    dialect: 'iptables',
    text: `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
-A INPUT -m conntrack --ctstate ESTABLISHED -j ACCEPT
-A INPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`,
    findings: ['FTP009@2'],
  },
  {
    name: 'shell server: -j CT --helper ftp, ESTABLISHED only',
    dialect: 'iptables',
    text: `iptables -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp
iptables -P INPUT DROP
iptables -A INPUT -m state --state ESTABLISHED -j ACCEPT
iptables -A INPUT -p tcp --dport 21 -j ACCEPT
`,
    findings: ['FTP009@1'],
  },
  {
    name: 'nft client: helper on outgoing control, RELATED accepted nowhere',
    dialect: 'nftables',
    text: `table inet filter {
  ct helper ftp-standard {
    type "ftp" protocol tcp;
  }
  chain input {
    type filter hook input priority 0; policy drop;
    ct state established accept
  }
  chain output {
    type filter hook output priority 0; policy drop;
    ct state established accept
    tcp dport 21 ct helper set "ftp-standard" accept
  }
}
`,
    findings: ['FTP009@12'],
  },
  {
    name: 'iptables-save client: helper on raw OUTPUT, RELATED accepted nowhere',
    dialect: 'iptables',
    text: `*raw
-A OUTPUT -p tcp --dport 21 -j CT --helper ftp
COMMIT
*filter
:INPUT DROP [0:0]
:OUTPUT DROP [0:0]
-A INPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -m state --state ESTABLISHED -j ACCEPT
-A OUTPUT -p tcp --dport 21 -j ACCEPT
COMMIT
`,
    findings: ['FTP009@2'],
  },
  {
    name: 'iptables-save router: helper on the forwarded control, RELATED not forwarded',
    dialect: 'iptables',
    text: `*raw
-A PREROUTING -p tcp --dport 21 -j CT --helper ftp
COMMIT
*nat
:PREROUTING ACCEPT [0:0]
-A PREROUTING -i eth0 -p tcp --dport 21 -j DNAT --to-destination 192.168.1.10
COMMIT
*filter
:FORWARD DROP [0:0]
-A FORWARD -m state --state ESTABLISHED -j ACCEPT
-A FORWARD -p tcp -d 192.168.1.10 --dport 21 -j ACCEPT
COMMIT
`,
    findings: ['FTP009@2'],
  },
];

for (const c of CASES) {
  test(`one root cause, one finding: ${c.name}`, () => {
    const result = analyse(c.dialect, c.text);
    assert.deepEqual(result.syntax, []);
    assert.deepEqual(summary(result.findings), c.findings);
  });
}

test('without the helper assignment the same server gets FTP001 instead (the deferral is keyed on the helper)', () => {
  const result = analyse('iptables', CASES[1].text.replace('-A PREROUTING -p tcp --dport 21 -j CT --helper ftp\n', ''));
  assert.deepEqual(summary(result.findings), ['FTP001@6']);
});

test('the editor journey fixture server.nft raises FTP009 on line 8 and no FTP001', (t) => {
  const file = path.join(REPO_ROOT, 'test/editor/vscode/fixtures/server.nft');
  if (!fs.existsSync(file)) return t.skip('editor fixture not present');
  const result = analyse('nftables', fs.readFileSync(file, 'utf8'));
  assert.deepEqual(summary(result.findings), ['FTP009@8']);
});
