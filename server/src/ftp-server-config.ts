// Reads the passive port range from the FTP server configuration files an
// admin keeps next to the firewall rules (vsftpd, ProFTPD, Pure-FTPd), so that
// fixes open exactly the range the server hands out. Read, never executed.
import type { PortRange } from './settings';

export interface FtpServerConfig {
  readonly server: 'vsftpd' | 'proftpd' | 'pure-ftpd';
  readonly passiveRange: PortRange;
}

/** File names that hold a passive range, by the server that reads them. */
export const FTP_SERVER_CONFIG_FILES: ReadonlyArray<{ name: string; server: FtpServerConfig['server'] }> = [
  { name: 'vsftpd.conf', server: 'vsftpd' },
  { name: 'proftpd.conf', server: 'proftpd' },
  { name: 'pure-ftpd.conf', server: 'pure-ftpd' },
  // Debian's pure-ftpd wrapper keeps one setting per file.
  { name: 'PassivePortRange', server: 'pure-ftpd' },
];

function validRange(lo: number, hi: number): PortRange | undefined {
  return Number.isInteger(lo) && Number.isInteger(hi) && lo >= 1 && lo <= hi && hi <= 65535 ? { lo, hi } : undefined;
}

/** Settings lines without comments: `# ...` to the end of the line. */
function settingLines(text: string): string[] {
  return text.split(/\r?\n/).map((l) => l.replace(/#.*/, '').trim()).filter((l) => l.length > 0);
}

export function parseVsftpdConf(text: string): PortRange | undefined {
  let lo: number | undefined;
  let hi: number | undefined;
  let enabled = true;
  for (const line of settingLines(text)) {
    const eq = line.indexOf('=');
    if (eq < 0) continue;
    const key = line.slice(0, eq).trim();
    const value = line.slice(eq + 1).trim();
    if (key === 'pasv_min_port') lo = Number(value);
    else if (key === 'pasv_max_port') hi = Number(value);
    else if (key === 'pasv_enable') enabled = value.toUpperCase() !== 'NO';
  }
  // vsftpd's defaults (0) mean "any port": no range to match.
  return enabled && lo !== undefined && hi !== undefined ? validRange(lo, hi) : undefined;
}

export function parseProftpdConf(text: string): PortRange | undefined {
  for (const line of settingLines(text)) {
    const m = /^PassivePorts\s+(\d+)\s+(\d+)$/i.exec(line);
    if (m) return validRange(Number(m[1]), Number(m[2]));
  }
  return undefined;
}

export function parsePureFtpdConf(text: string): PortRange | undefined {
  for (const line of settingLines(text)) {
    const m = /^(?:PassivePortRange\s+)?(\d+)[\s:]+(\d+)$/i.exec(line);
    if (m) return validRange(Number(m[1]), Number(m[2]));
  }
  return undefined;
}

export function parseFtpServerConfig(server: FtpServerConfig['server'], text: string): FtpServerConfig | undefined {
  const passiveRange =
    server === 'vsftpd' ? parseVsftpdConf(text) : server === 'proftpd' ? parseProftpdConf(text) : parsePureFtpdConf(text);
  return passiveRange ? { server, passiveRange } : undefined;
}
