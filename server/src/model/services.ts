// Service names as /etc/services (Debian netbase) and pf/nft resolve them.
// Only names that firewall files use in practice; unknown names stay unresolved
// and are reported by the dialect front ends.
import { nameMap } from './table';

const SERVICES: Readonly<Record<string, number>> = {
  'ftp-data': 20, ftp: 21, ssh: 22, telnet: 23, smtp: 25, time: 37, domain: 53, dns: 53, tacacs: 49, whois: 43,
  bootps: 67, bootpc: 68, tftp: 69, gopher: 70, finger: 79, http: 80, www: 80, 'www-http': 80, kerberos: 88,
  pop3: 110, 'pop-3': 110, sunrpc: 111, auth: 113, ident: 113, sftp: 115, nntp: 119, ntp: 123, epmap: 135,
  'netbios-ns': 137, 'netbios-dgm': 138, 'netbios-ssn': 139, imap: 143, imap2: 143, snmp: 161, 'snmp-trap': 162,
  xdmcp: 177, bgp: 179, irc: 194, ldap: 389, https: 443, microsoft_ds: 445, 'microsoft-ds': 445, kpasswd: 464,
  isakmp: 500, exec: 512, login: 513, shell: 514, syslog: 514, printer: 515, talk: 517, ntalk: 518, route: 520,
  rip: 520, submission: 587, ipp: 631, ldaps: 636, rsync: 873, 'ftps-data': 989, ftps: 990, telnets: 992,
  imaps: 993, pop3s: 995, socks: 1080, openvpn: 1194, 'ms-sql-s': 1433, 'ms-sql-m': 1434, pptp: 1723,
  radius: 1812, 'radius-acct': 1813, nfs: 2049, squid: 3128, 'http-alt': 8080, 'webcache': 8080, mysql: 3306,
  'ms-wbt-server': 3389, rdp: 3389, svn: 3690, sip: 5060, 'sip-tls': 5061, xmpp: 5222, 'xmpp-client': 5222,
  'xmpp-server': 5269, postgresql: 5432, postgres: 5432, amqp: 5672, mdns: 5353, x11: 6000, irc_alt: 6667,
  ircd: 6667, 'x11-ssh-offset': 6010, 'http-proxy': 8080, 'tproxy': 8081, 'sieve': 4190, 'git': 9418,
  'redis': 6379, 'memcache': 11211, 'domain-s': 853, 'kerberos-adm': 749, 'rtsp': 554, 'urd': 465, 'smtps': 465,
  'ssmtp': 465, 'nrpe': 5666, 'zabbix-agent': 10050, 'zabbix-trapper': 10051, 'bacula-fd': 9102, 'munin': 4949,
  'wireguard': 51820, 'hkp': 11371, 'l2tp': 1701, 'ipsec-nat-t': 4500, 'netbios': 139, 'echo': 7, 'discard': 9,
  'daytime': 13, 'chargen': 19, 'nameserver': 42, 'cvspserver': 2401, 'webmin': 10000, 'hp-pdl-datastr': 9100,
  'jetdirect': 9100, 'distcc': 3632, 'iscsi-target': 3260, 'puppet': 8140, 'ftp-proxy': 8021,
  // names pf users write that BSD and macOS /etc/services know
  'dhcpv6-client': 546, 'dhcpv6-server': 547, ssdp: 1900, 'imap4-ssl': 993, privoxy: 8118, matter: 5540,
};

const BY_PORT = new Map<number, string>();
const BY_NAME = nameMap(SERVICES);
for (const [name, port] of Object.entries(SERVICES)) if (!BY_PORT.has(port)) BY_PORT.set(port, name);

export function serviceNamePort(name: string): number | undefined {
  const port = BY_NAME.get(name.toLowerCase());
  return port;
}

export function portServiceName(port: number): string | undefined {
  return BY_PORT.get(port);
}

/** Parses a port as users write it: a number or a service name. */
export function parsePortToken(text: string): number | undefined {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    return n <= 65535 ? n : undefined;
  }
  return serviceNamePort(text);
}
