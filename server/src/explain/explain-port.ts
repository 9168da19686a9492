// Plain words about one port: its service name, which common ephemeral ranges
// hold it, and what it means for FTP. Used by hovers over port numbers.
import { EPHEMERAL_RANGES } from '../model/ports';
import { portServiceName } from '../model/services';

export const FTP_CONTROL_PORT = 21;
export const FTP_ACTIVE_DATA_PORT = 20;

/** What a port means for FTP, in one sentence; undefined when nothing in particular. */
export function ftpRoleOfPort(port: number): string | undefined {
  if (port === FTP_CONTROL_PORT) return 'FTP control connections (commands, PASV/PORT replies) go to this port.';
  if (port === FTP_ACTIVE_DATA_PORT) return 'Active-mode FTP data traditionally comes *from* this port (the server connects to the client); servers need not use it.';
  if (port === 990) return 'FTPS (implicit TLS) control port: no firewall helper can read the encrypted PASV replies, so only an open passive range works.';
  if (port === 989) return 'FTPS (implicit TLS) active data port.';
  if (port === 8021) return 'Port OpenBSD/FreeBSD ftp-proxy(8) listens on by default.';
  if (port >= 1024) return 'Unprivileged port: where servers put a passive (PASV) range and where clients open the ports active-mode data connects to.';
  return undefined;
}

export function explainPort(port: number): string {
  const lines: string[] = [];
  const name = portServiceName(port);
  lines.push(`**Port ${port}**${name ? ` — \`${name}\`` : ''}`);
  const ranges = EPHEMERAL_RANGES.filter((r) => r.lo <= port && port <= r.hi);
  if (ranges.length > 0) {
    lines.push('', 'Inside these ephemeral (client) port ranges:');
    for (const r of ranges) lines.push(`- ${r.lo}-${r.hi}: ${r.name}`);
  } else if (port >= 1024) {
    lines.push('', 'Outside the common ephemeral port ranges.');
  } else {
    lines.push('', 'A privileged port (below 1024): only root-owned services listen here.');
  }
  const ftp = ftpRoleOfPort(port);
  if (ftp) lines.push('', `FTP: ${ftp}`);
  return lines.join('\n');
}
