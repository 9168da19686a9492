import { nearMiss, raise, type FixtureCase } from './types';

export const FTP010: FixtureCase[] = [
  raise('pf: divert-to without the anchor', 'pf', `pass in quick on em1 inet proto tcp to port ftp divert-to 127.0.0.1 port 8021
pass out all
`, { line: 1 }),
  raise('pf: anchor without anything diverted', 'pf', `anchor "ftp-proxy/*"
block in all
pass out all
`, { line: 1 }),
  raise('pf: old-style rdr without nat-anchor and rdr-anchor', 'pf', `rdr pass on em1 proto tcp from any to any port ftp -> 127.0.0.1 port 8021
anchor "ftp-proxy/*"
pass out all
`, { line: 1 }),
  nearMiss('pf: modern divert-to with its anchor', 'pf', `anchor "ftp-proxy/*"
pass in quick on em1 inet proto tcp to port ftp divert-to 127.0.0.1 port 8021
pass out all
`),
  nearMiss('pf: old-style rdr with all three anchors', 'pf', `nat-anchor "ftp-proxy/*"
rdr-anchor "ftp-proxy/*"
rdr pass on em1 proto tcp from any to any port ftp -> 127.0.0.1 port 8021
anchor "ftp-proxy/*"
pass out all
`),
];
