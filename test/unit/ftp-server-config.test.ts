import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseFtpServerConfig } from '../../server/src/ftp-server-config';

const CASES: Array<{ name: string; server: 'vsftpd' | 'proftpd' | 'pure-ftpd'; text: string; range?: [number, number] }> = [
  { name: 'vsftpd range', server: 'vsftpd', text: 'listen=YES\npasv_min_port=40000 # passive\npasv_max_port=40999\n', range: [40000, 40999] },
  { name: 'vsftpd with passive mode off', server: 'vsftpd', text: 'pasv_enable=NO\npasv_min_port=40000\npasv_max_port=40999\n' },
  { name: 'vsftpd commented out', server: 'vsftpd', text: '#pasv_min_port=40000\n#pasv_max_port=40999\n' },
  { name: 'vsftpd reversed bounds', server: 'vsftpd', text: 'pasv_min_port=41000\npasv_max_port=40000\n' },
  { name: 'ProFTPD', server: 'proftpd', text: 'ServerName "x"\n  PassivePorts 49152 49407\n', range: [49152, 49407] },
  { name: 'Pure-FTPd conf', server: 'pure-ftpd', text: 'PassivePortRange 30000 30499\n', range: [30000, 30499] },
  { name: 'Pure-FTPd Debian wrapper file', server: 'pure-ftpd', text: '30000 30499\n', range: [30000, 30499] },
  { name: 'CRLF line endings', server: 'vsftpd', text: 'pasv_min_port=50000\r\npasv_max_port=50999\r\n', range: [50000, 50999] },
];

for (const c of CASES) {
  test(`FTP server config: ${c.name}`, () => {
    const config = parseFtpServerConfig(c.server, c.text);
    assert.deepEqual(config?.passiveRange, c.range ? { lo: c.range[0], hi: c.range[1] } : undefined);
  });
}
