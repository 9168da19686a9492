// Broken rulesets the lab proves fwlint's fixes against, each with a fixed
// version written by hand (to show the lab itself tells broken from working).
import { rawHelperOn } from '../helpers/iptables-raw';
import type { ProbeMode, Topology } from './lab';

export interface Scenario {
  readonly name: string;
  /** The finding fwlint must report on `broken`; its preferred fix must make transfers work. */
  readonly code: string;
  readonly dialect: 'nftables' | 'iptables';
  /** iptables only: a shell script calling iptables rather than an iptables-save file. */
  readonly shell?: boolean;
  readonly topology: Topology;
  /** The namespace the ruleset is loaded into. */
  readonly host: 'server' | 'router';
  readonly broken: string;
  readonly handFixed: string;
  /** Transfers that must succeed once fixed (passive EPSV first, unless the scenario is about active mode). */
  readonly mustWork: readonly ProbeMode[];
  /** The port clients connect to, when it is not 21 (a router publishing the server on another port). */
  readonly controlPort?: number;
  /** Clients connect to the server's own address through the router (routed, no NAT), not to the router's public side. */
  readonly routedToServer?: boolean;
  /** The transfer the broken ruleset must stop (passive by default). */
  readonly brokenMode?: ProbeMode;
}

function lines(...l: string[]): string {
  return l.map((x) => `${x}\n`).join('');
}

function replaced(text: string, find: string, by: string): string {
  if (!text.includes(find)) throw new Error(`scenario text lacks ${find}`);
  return text.replace(find, by);
}

const iptablesServer = (state: string): string =>
  lines(
    '*filter',
    ':INPUT DROP [0:0]',
    ':FORWARD DROP [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    '-A INPUT -i lo -j ACCEPT',
    `-A INPUT -m conntrack --ctstate ${state} -j ACCEPT`,
    '-A INPUT -p tcp -m tcp --dport 21 -j ACCEPT',
    'COMMIT',
  );

const nftServer = (state: string): string =>
  lines(
    'table inet filter {',
    '\tchain input {',
    '\t\ttype filter hook input priority filter; policy drop;',
    '\t\tiif "lo" accept',
    `\t\tct state ${state} accept`,
    '\t\ttcp dport 21 accept',
    '\t}',
    '}',
  );

/** A router that routes clients to the server's own address (no NAT) and forwards port 21 to it. */
const iptablesRoutedServer = lines(
  '*filter',
  ':INPUT DROP [0:0]',
  ':FORWARD DROP [0:0]',
  ':OUTPUT ACCEPT [0:0]',
  '-A INPUT -i lo -j ACCEPT',
  '-A FORWARD -m conntrack --ctstate ESTABLISHED -j ACCEPT',
  '-A FORWARD -d 198.51.100.2/32 -p tcp -m tcp --dport 21 -j ACCEPT',
  'COMMIT',
);

/** The same router publishing the server on its public address: DNAT of port 21. */
const iptablesRouter =
  lines(
    '*nat',
    ':PREROUTING ACCEPT [0:0]',
    ':INPUT ACCEPT [0:0]',
    ':OUTPUT ACCEPT [0:0]',
    ':POSTROUTING ACCEPT [0:0]',
    '-A PREROUTING -d 203.0.113.1/32 -p tcp -m tcp --dport 21 -j DNAT --to-destination 198.51.100.2',
    'COMMIT',
  ) + iptablesRoutedServer;

const nftRoutedServer = lines(
  'table ip filter {',
  '\tchain input {',
  '\t\ttype filter hook input priority filter; policy drop;',
  '\t\tiif "lo" accept',
  '\t}',
  '\tchain forward {',
  '\t\ttype filter hook forward priority filter; policy drop;',
  '\t\tct state established accept',
  '\t\tip daddr 198.51.100.2 tcp dport 21 accept',
  '\t}',
  '}',
);

const nftRouter =
  lines('table ip nat {', '\tchain prerouting {', '\t\ttype nat hook prerouting priority dstnat; policy accept;', '\t\tip daddr 203.0.113.1 tcp dport 21 dnat to 198.51.100.2', '\t}', '}') + nftRoutedServer;

/**
 * The routers again, publishing the server's port 21 on outside port 2121 and
 * accepting RELATED: the ftp helper must be assigned where the connection
 * still has its outside port (iptables' raw table runs before DNAT).
 */
const iptablesRouterOn2121 = replaced(
  replaced(iptablesRouter, '--dport 21 -j DNAT --to-destination 198.51.100.2\n', '--dport 2121 -j DNAT --to-destination 198.51.100.2:21\n'),
  '--ctstate ESTABLISHED -j ACCEPT',
  '--ctstate RELATED,ESTABLISHED -j ACCEPT',
);

/** FTP008 on the iptables router publishing on 2121: the hand fix assigns the helper where the raw table sees the connection, on 2121. */
function iptablesRouterOn2121Case(what: string, broken: string): Scenario {
  return {
    name: `FTP008 NAT router, iptables-save: port 2121 forwarded to 21, ${what}`,
    code: 'FTP008',
    dialect: 'iptables',
    topology: 'routed',
    host: 'router',
    controlPort: 2121,
    broken,
    handFixed: rawHelperOn(2121) + iptablesRouterOn2121,
    mustWork: ['passive', 'pasv'],
  };
}

const nftRouterOn2121 = replaced(
  replaced(nftRouter, 'tcp dport 21 dnat to 198.51.100.2\n', 'tcp dport 2121 dnat to 198.51.100.2:21\n'),
  '\t\tct state established accept\n',
  '\t\tct state established,related accept\n',
);

const nftHelperNoRelated = lines(
  'table inet filter {',
  '\tct helper ftp-standard {',
  '\t\ttype "ftp" protocol tcp;',
  '\t}',
  '\tchain pre {',
  '\t\ttype filter hook prerouting priority filter; policy accept;',
  '\t\ttcp dport 21 ct helper set "ftp-standard"',
  '\t}',
  '\tchain input {',
  '\t\ttype filter hook input priority filter; policy drop;',
  '\t\tiif "lo" accept',
  '\t\tct state established accept',
  '\t\ttcp dport 21 accept',
  '\t}',
  '}',
);

const iptablesHelperNoRelated =
  rawHelperOn(21) + iptablesServer('ESTABLISHED');

const shellServer = lines(
  '#!/bin/sh',
  'IPT=/usr/sbin/iptables',
  '$IPT -P INPUT DROP',
  '$IPT -A INPUT -i lo -j ACCEPT',
  '$IPT -A INPUT -m state --state ESTABLISHED,RELATED -j ACCEPT',
  '$IPT -A INPUT -p tcp --dport 21 -j ACCEPT',
);

export const SCENARIOS: readonly Scenario[] = [
  {
    name: 'FTP001 server, iptables-save: port 21 only',
    code: 'FTP001',
    dialect: 'iptables',
    topology: 'two-host',
    host: 'server',
    broken: iptablesServer('ESTABLISHED'),
    handFixed: replaced(iptablesServer('ESTABLISHED'), '--dport 21 -j ACCEPT\n', '--dport 21 -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 50000:50099 -j ACCEPT\n'),
    mustWork: ['passive', 'pasv', 'active'],
  },
  {
    name: 'FTP001 server, nft: port 21 only',
    code: 'FTP001',
    dialect: 'nftables',
    topology: 'two-host',
    host: 'server',
    broken: nftServer('established'),
    handFixed: replaced(nftServer('established'), '\t\ttcp dport 21 accept\n', '\t\ttcp dport 21 accept\n\t\ttcp dport 50000-50099 accept\n'),
    mustWork: ['passive', 'pasv', 'active'],
  },
  {
    // The firewall opens a passive range, but not the one vsftpd uses (50000-50099): the range is checked against the server's.
    name: 'FTP001 server, iptables-save: a passive range other than the server one',
    code: 'FTP001',
    dialect: 'iptables',
    topology: 'two-host',
    host: 'server',
    broken: replaced(iptablesServer('ESTABLISHED'), '--dport 21 -j ACCEPT\n', '--dport 21 -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 40000:40999 -j ACCEPT\n'),
    handFixed: replaced(iptablesServer('ESTABLISHED'), '--dport 21 -j ACCEPT\n', '--dport 21 -j ACCEPT\n-A INPUT -p tcp -m tcp --dport 50000:50099 -j ACCEPT\n'),
    mustWork: ['passive', 'pasv', 'active'],
  },
  {
    name: 'FTP001 server, nft: a passive range other than the server one',
    code: 'FTP001',
    dialect: 'nftables',
    topology: 'two-host',
    host: 'server',
    broken: replaced(nftServer('established'), '\t\ttcp dport 21 accept\n', '\t\ttcp dport { 21, 40000-40999 } accept\n'),
    handFixed: replaced(nftServer('established'), '\t\ttcp dport 21 accept\n', '\t\ttcp dport { 21, 50000-50099 } accept\n'),
    mustWork: ['passive', 'pasv', 'active'],
  },
  {
    name: 'FTP008 server, nft: RELATED accepted, no helper',
    code: 'FTP008',
    dialect: 'nftables',
    topology: 'two-host',
    host: 'server',
    broken: nftServer('established,related'),
    handFixed: replaced(
      nftServer('established,related'),
      'table inet filter {\n',
      'table inet filter {\n\tct helper ftp-standard {\n\t\ttype "ftp" protocol tcp;\n\t}\n\tchain helpers {\n\t\ttype filter hook prerouting priority filter; policy accept;\n\t\ttcp dport 21 ct helper set "ftp-standard"\n\t}\n',
    ),
    mustWork: ['passive', 'pasv', 'active', 'lftp'],
  },
  {
    name: 'FTP008 server, iptables-save: RELATED accepted, no helper',
    code: 'FTP008',
    dialect: 'iptables',
    topology: 'two-host',
    host: 'server',
    broken: iptablesServer('RELATED,ESTABLISHED'),
    handFixed: rawHelperOn(21) + iptablesServer('RELATED,ESTABLISHED'),
    mustWork: ['passive', 'pasv', 'active', 'lftp'],
  },
  {
    name: 'FTP008 server, shell script with $IPT: RELATED accepted, no helper',
    code: 'FTP008',
    dialect: 'iptables',
    shell: true,
    topology: 'two-host',
    host: 'server',
    broken: shellServer,
    handFixed: shellServer + '$IPT -t raw -A PREROUTING -p tcp --dport 21 -j CT --helper ftp\n',
    mustWork: ['passive', 'pasv', 'active', 'lftp'],
  },
  {
    name: 'FTP002 NAT router, iptables-save: DNAT of 21 only',
    code: 'FTP002',
    dialect: 'iptables',
    topology: 'routed',
    host: 'router',
    broken: iptablesRouter,
    handFixed: replaced(
      replaced(iptablesRouter, '--dport 21 -j DNAT --to-destination 198.51.100.2\n', '--dport 21 -j DNAT --to-destination 198.51.100.2\n-A PREROUTING -d 203.0.113.1/32 -p tcp -m tcp --dport 50000:50099 -j DNAT --to-destination 198.51.100.2\n'),
      '-A FORWARD -m conntrack',
      '-A FORWARD -d 198.51.100.2/32 -p tcp -m tcp --dport 50000:50099 -j ACCEPT\n-A FORWARD -m conntrack',
    ),
    mustWork: ['passive', 'pasv'],
  },
  {
    name: 'FTP002 NAT router, nft: DNAT of 21 only',
    code: 'FTP002',
    dialect: 'nftables',
    topology: 'routed',
    host: 'router',
    broken: nftRouter,
    handFixed: replaced(
      replaced(nftRouter, '\t\tip daddr 203.0.113.1 tcp dport 21 dnat to 198.51.100.2\n', '\t\tip daddr 203.0.113.1 tcp dport 21 dnat to 198.51.100.2\n\t\tip daddr 203.0.113.1 tcp dport 50000-50099 dnat to 198.51.100.2\n'),
      '\t\tct state established accept\n',
      '\t\tip daddr 198.51.100.2 tcp dport 50000-50099 accept\n\t\tct state established accept\n',
    ),
    mustWork: ['passive', 'pasv'],
  },
  {
    // The router forwards a passive range, but not the one the inside server uses (50000-50099).
    name: 'FTP002 NAT router, iptables-save: a forwarded range other than the server one',
    code: 'FTP002',
    dialect: 'iptables',
    topology: 'routed',
    host: 'router',
    broken: replaced(
      replaced(iptablesRouter, '--dport 21 -j DNAT --to-destination 198.51.100.2\n', '--dport 21 -j DNAT --to-destination 198.51.100.2\n-A PREROUTING -d 203.0.113.1/32 -p tcp -m tcp --dport 40000:40999 -j DNAT --to-destination 198.51.100.2\n'),
      '-A FORWARD -m conntrack',
      '-A FORWARD -d 198.51.100.2/32 -p tcp -m tcp --dport 40000:40999 -j ACCEPT\n-A FORWARD -m conntrack',
    ),
    handFixed: replaced(
      replaced(iptablesRouter, '--dport 21 -j DNAT --to-destination 198.51.100.2\n', '--dport 21 -j DNAT --to-destination 198.51.100.2\n-A PREROUTING -d 203.0.113.1/32 -p tcp -m tcp --dport 50000:50099 -j DNAT --to-destination 198.51.100.2\n'),
      '-A FORWARD -m conntrack',
      '-A FORWARD -d 198.51.100.2/32 -p tcp -m tcp --dport 50000:50099 -j ACCEPT\n-A FORWARD -m conntrack',
    ),
    mustWork: ['passive', 'pasv'],
  },
  {
    name: 'FTP002 NAT router, nft: a forwarded range other than the server one',
    code: 'FTP002',
    dialect: 'nftables',
    topology: 'routed',
    host: 'router',
    broken: replaced(
      replaced(nftRouter, '\t\tip daddr 203.0.113.1 tcp dport 21 dnat to 198.51.100.2\n', '\t\tip daddr 203.0.113.1 tcp dport { 21, 40000-40999 } dnat to 198.51.100.2\n'),
      '\t\tip daddr 198.51.100.2 tcp dport 21 accept\n',
      '\t\tip daddr 198.51.100.2 tcp dport { 21, 40000-40999 } accept\n',
    ),
    handFixed: replaced(
      replaced(nftRouter, '\t\tip daddr 203.0.113.1 tcp dport 21 dnat to 198.51.100.2\n', '\t\tip daddr 203.0.113.1 tcp dport { 21, 50000-50099 } dnat to 198.51.100.2\n'),
      '\t\tip daddr 198.51.100.2 tcp dport 21 accept\n',
      '\t\tip daddr 198.51.100.2 tcp dport { 21, 50000-50099 } accept\n',
    ),
    mustWork: ['passive', 'pasv'],
  },
  {
    // No NAT: the router routes the clients to the server's own address and forwards port 21 only.
    name: 'FTP007 router, iptables-save: FTP routed to the server, port 21 only',
    code: 'FTP007',
    dialect: 'iptables',
    topology: 'routed',
    host: 'router',
    routedToServer: true,
    broken: iptablesRoutedServer,
    handFixed: replaced(iptablesRoutedServer, '--dport 21 -j ACCEPT\n', '--dport 21 -j ACCEPT\n-A FORWARD -d 198.51.100.2/32 -p tcp -m tcp --dport 50000:50099 -j ACCEPT\n'),
    mustWork: ['passive', 'pasv'],
  },
  {
    name: 'FTP007 router, nft: FTP routed to the server, port 21 only',
    code: 'FTP007',
    dialect: 'nftables',
    topology: 'routed',
    host: 'router',
    routedToServer: true,
    broken: nftRoutedServer,
    handFixed: replaced(nftRoutedServer, '\t\tip daddr 198.51.100.2 tcp dport 21 accept\n', '\t\tip daddr 198.51.100.2 tcp dport { 21, 50000-50099 } accept\n'),
    mustWork: ['passive', 'pasv'],
  },
  {
    // The same router, the client in active mode: the server's data connection from port 20 comes back through it.
    name: 'FTP006 router, iptables-save: FTP routed to the server, active data dropped on forward',
    code: 'FTP006',
    dialect: 'iptables',
    topology: 'routed',
    host: 'router',
    routedToServer: true,
    broken: iptablesRoutedServer,
    // The lab's vsftpd connects from an ephemeral port (connect_from_port_20 is off): the hand fix admits any source port.
    handFixed: replaced(iptablesRoutedServer, '--dport 21 -j ACCEPT\n', '--dport 21 -j ACCEPT\n-A FORWARD -s 198.51.100.2/32 -d 203.0.113.2/32 -p tcp -m tcp --dport 1024:65535 -j ACCEPT\n'),
    mustWork: ['active'],
    brokenMode: 'active',
  },
  iptablesRouterOn2121Case('RELATED accepted, no helper', iptablesRouterOn2121),
  iptablesRouterOn2121Case('helper assigned on 21 in raw (before DNAT)', rawHelperOn(21) + iptablesRouterOn2121),
  {
    name: 'FTP008 NAT router, nft: port 2121 forwarded to 21, RELATED accepted, no helper',
    code: 'FTP008',
    dialect: 'nftables',
    topology: 'routed',
    host: 'router',
    controlPort: 2121,
    broken: nftRouterOn2121,
    handFixed: replaced(
      nftRouterOn2121,
      'table ip filter {\n',
      'table ip filter {\n\tct helper ftp-standard {\n\t\ttype "ftp" protocol tcp;\n\t}\n\tchain helpers {\n\t\ttype filter hook prerouting priority filter; policy accept;\n\t\ttcp dport 21 ct helper set "ftp-standard"\n\t}\n',
    ),
    mustWork: ['passive', 'pasv'],
  },
  {
    name: 'FTP009 server, nft: helper assigned, RELATED not accepted',
    code: 'FTP009',
    dialect: 'nftables',
    topology: 'two-host',
    host: 'server',
    broken: nftHelperNoRelated,
    handFixed: replaced(nftHelperNoRelated, '\t\tct state established accept\n', '\t\tct state established,related accept\n'),
    mustWork: ['passive', 'pasv', 'active', 'lftp'],
  },
  {
    name: 'FTP009 server, iptables-save: helper assigned, RELATED not accepted',
    code: 'FTP009',
    dialect: 'iptables',
    topology: 'two-host',
    host: 'server',
    broken: iptablesHelperNoRelated,
    handFixed: replaced(iptablesHelperNoRelated, '--ctstate ESTABLISHED -j ACCEPT', '--ctstate RELATED,ESTABLISHED -j ACCEPT'),
    mustWork: ['passive', 'pasv', 'active', 'lftp'],
  },
];
