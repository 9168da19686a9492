// False alarms and misses found by reading fwlint's findings on real rulesets,
// each reduced to the smallest config that shows it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { corpusText, fixAll, judged, lines, type Config } from './harness';

test('pf: rules that differ only in TCP flags do not shadow each other (flags are not modelled beyond S/SA)', () => {
  const config: Config = {
    dialect: 'pf',
    file: 'pf.conf',
    text: lines(
      'ext_if = "em0"',
      'block in quick on $ext_if proto tcp flags FUP/WEUAPRSF',
      'block in quick on $ext_if proto tcp flags SF/SF',
      'block in quick on $ext_if proto tcp flags /WEUAPRSF',
      'pass in on $ext_if proto tcp to port 22 flags S/SA keep state',
      'pass in on $ext_if proto tcp to port 21 flags any',
    ),
  };
  assert.deepEqual(judged(config), []);
});

test('pf: a flags test still lets a wider quick block shadow the rule it covers', () => {
  const config: Config = {
    dialect: 'pf',
    file: 'pf.conf',
    text: lines('block in quick proto tcp to port 3306', 'pass in proto tcp to port 3306 flags S/SA keep state'),
  };
  assert.deepEqual(judged(config), ['FW003@2']);
});

test('corpus rakancito-freebsd-game-server.conf: only the truly shadowed mysql pass is unreachable', (t) => {
  const text = corpusText('pf/rakancito-freebsd-game-server.conf');
  if (text === undefined) return t.skip('shared corpus not present');
  assert.deepEqual(judged({ dialect: 'pf', file: 'pf.conf', text }), ['FW003@89']);
});

const helperlessCt: Config = {
  dialect: 'iptables',
  file: 'rules.v4',
  text: lines(
    '*raw',
    ':PREROUTING ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':zone_VPN_helper - [0:0]',
    '-A PREROUTING -i ipsec0 -j zone_VPN_helper',
    '-A zone_VPN_helper -p tcp --dport 21 -m comment --comment "FTP passive connection tracking" -j CT',
    'COMMIT',
  ),
};

test('iptables: -j CT on port 21 without --helper is FTP008', () => {
  assert.deepEqual(judged(helperlessCt), ['FTP008@6']);
});

test('iptables: after the preferred FTP008 fix the helper is assigned and the re-check is clean', () => {
  const fixed = fixAll(helperlessCt);
  assert.match(fixed, /--helper ftp/);
  assert.deepEqual(judged({ ...helperlessCt, text: fixed }), []);
});

test('iptables: a helper-less -j CT after a real ftp helper assignment for the same packets assigns nothing and breaks nothing', () => {
  const config: Config = {
    ...helperlessCt,
    text: lines(
      '*raw',
      ':PREROUTING ACCEPT [0:0]',
      '-A PREROUTING -p tcp --dport 21 -j CT --helper ftp',
      '-A PREROUTING -p tcp --dport 21 -j CT',
      'COMMIT',
    ),
  };
  assert.deepEqual(judged(config), []);
});

test('corpus openwrt-fw3-ct-helper.rules: fix then re-check is clean', (t) => {
  const text = corpusText('iptables/openwrt-fw3-ct-helper.rules');
  if (text === undefined) return t.skip('shared corpus not present');
  const config: Config = { dialect: 'iptables', file: 'rules.v4', text };
  assert.deepEqual(judged(config), ['FTP008@9']);
  assert.deepEqual(judged({ ...config, text: fixAll(config) }), []);
});

test('iptables script: a stateless FTP client that adds the recommended helper and RELATED accept gets no FTP006', () => {
  const config: Config = {
    dialect: 'iptables',
    file: 'firewall.sh',
    text: lines(
      'iptables -P INPUT DROP',
      'iptables -A INPUT -s 44.1.8.0/24 -p tcp -m tcp --sport 21 -j ACCEPT',
      'iptables -t raw -A OUTPUT -p tcp --dport 21 -j CT --helper ftp',
      'iptables -A INPUT -m conntrack --ctstate RELATED -m helper --helper ftp -p tcp -j ACCEPT',
    ),
  };
  assert.deepEqual(judged(config).filter((c) => c.startsWith('FTP006')), []);
});

test('iptables script: the same stateless client without the helper is FTP006', () => {
  const config: Config = {
    dialect: 'iptables',
    file: 'firewall.sh',
    text: lines('iptables -P INPUT DROP', 'iptables -A INPUT -s 44.1.8.0/24 -p tcp -m tcp --sport 21 -j ACCEPT'),
  };
  assert.deepEqual(judged(config).filter((c) => c.startsWith('FTP006')), ['FTP006@2']);
});

test('nft: an icmp type test implies icmp, so an icmp accept does not open passive FTP data', () => {
  const config: Config = {
    dialect: 'nftables',
    file: 'nftables.conf',
    text: lines(
      'table ip f {',
      '  chain input {',
      '    type filter hook input priority 0; policy drop;',
      '    ct state established accept',
      '    tcp dport 21 ct state new accept',
      '    icmp type echo-request counter accept',
      '  }',
      '}',
    ),
  };
  assert.deepEqual(judged(config), ['FTP001@5']);
});

test('corpus linfo-samraym-ftp.nft: RELATED without helper, no passive range, output drops active data', (t) => {
  const text = corpusText('nftables/linfo-samraym-ftp.nft');
  if (text === undefined) return t.skip('shared corpus not present');
  assert.deepEqual(judged({ dialect: 'nftables', file: 'nftables.conf', text }), ['FTP008@13', 'FTP005@16']);
});

test('iptables: a helper-less -j CT before -j CT --helper ftp takes the conntrack template, so the helper is never assigned', () => {
  const config: Config = {
    dialect: 'iptables',
    file: 'rules.v4',
    text: lines(
      '*raw',
      '-A PREROUTING -p tcp --dport 21 -j CT',
      '-A PREROUTING -p tcp --dport 21 -j CT --helper ftp',
      'COMMIT',
      '*filter',
      ':INPUT DROP [0:0]',
      '-A INPUT -m conntrack --ctstate ESTABLISHED,RELATED -j ACCEPT',
      '-A INPUT -p tcp --dport 21 -j ACCEPT',
      'COMMIT',
    ),
  };
  assert.deepEqual(judged(config).filter((c) => c.startsWith('FTP008')), ['FTP008@2', 'FTP008@7']);
});
