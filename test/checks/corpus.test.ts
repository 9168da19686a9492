// The checks over the shared corpus of real firewall files, pinned to the
// findings reviewed by hand in docs/corpus-review.md: any change (a new
// finding, a lost one) fails here and must be reviewed again.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import { checkCorpusFile, corpusFiles, CORPUS_DIR } from './corpus-run';

/** code@line per file; files not listed must have no findings. */
const REVIEWED: Readonly<Record<string, readonly string[]>> = {
  'iptables/aceqbaceq-ftpnat-ftpserver.rules': ['FTP004@21'],
  'iptables/aceqbaceq-ftpnat-gateway.rules': ['FTP004@41'],
  'iptables/ahmedxabubakar-firewall.sh': ['FW003@36', 'FW003@37'],
  'iptables/andreotec-archlinux-save.rules': ['FW003@16', 'FW003@17', 'FW003@18'],
  'iptables/andreotec-firewall-andreo.sh': ['FW003@81', 'FW003@86'],
  'iptables/b00men-drop-mother-ftp.sh': ['FTP002@12'],
  'iptables/b00men-forvard.sh': ['FTP003@603'],
  'iptables/brentonearl-rpi-router.sh': ['FW003@60', 'FW003@73', 'FW003@74', 'FW003@81'],
  'iptables/comp8006-standalone-firewall.sh': ['FTP002@160'],
  'iptables/docker-libvirt-iptables-save.rules': ['FW003@18', 'FW003@19'],
  'iptables/gammag-start.fw.sh': ['FW003@107', 'FW003@114', 'FW003@115', 'FW003@135', 'FW003@136', 'FW003@204', 'FW003@207', 'FW003@219', 'FW003@223', 'FW003@224', 'FW003@231', 'FW003@233', 'FW003@234', 'FW003@237', 'FW003@239', 'FW003@240'],
  'iptables/irsec-firewall_rules_ftp.sh': ['FTP005@16', 'FTP008@35'],
  'iptables/mlopezs-topologia.rules': ['FW003@26', 'FW003@29', 'FW003@31'],
  'iptables/napoleonwils0n-rpi-router.rules': ['FW003@8'],
  'iptables/openwrt-fw3-ct-helper.rules': ['FTP008@9'],
  'iptables/pengym-host-2-0_firewall.sh': ['FTP003@8', 'FTP006@8', 'FTP003@10', 'FTP006@10', 'FTP003@12', 'FTP006@12'],
  'iptables/poppy-iptables.sh': ['FW003@13', 'FW003@17', 'FW003@20'],
  'nftables/art-farm-zerofirewall.nft': ['FW003@186'],
  'nftables/egberts-all-syntaxes-good.nft': ['FW003@62', 'FW003@63', 'FW003@64', 'FW003@65', 'FW003@66', 'FW003@67', 'FW003@68', 'FW003@69', 'FW003@70', 'FW003@81', 'FW003@489', 'FW003@705', 'FW003@814', 'FW003@859', 'FW003@1031', 'FW003@1196', 'FW003@1250', 'FW003@1254', 'FW003@1258', 'FW003@2135', 'FW003@2136', 'FW003@3369', 'FW003@3420', 'FW003@3422', 'FW003@3423', 'FW003@3443', 'FW003@3444', 'FW003@3445', 'FW003@3446', 'FW003@4008', 'FW003@4045'],
  'nftables/linfo-baykeremm-ftp-protected.nft': ['FTP001@21', 'FTP005@21'],
  'nftables/linfo-samraym-ftp.nft': ['FTP008@13', 'FTP005@16'],
  'pf/aaronriekenberg-apu2.conf': ['FW003@57'],
  'pf/andreimosman-mbm.conf': ['FW003@101'],
  'pf/avx0-pf-mania.conf': ['FW003@23', 'FTP010@31', 'FW003@34', 'FW003@36', 'FW003@44', 'FW003@57'],
  'pf/cunnie-freebsd-firewall.conf': ['FTP010@73'],
  'pf/cyberusnetwork-multiwan.conf': ['FW003@34', 'FTP001@112', 'FTP001@113', 'FTP001@114', 'FTP001@115'],
  'pf/decartsystem-pf.conf': ['FW003@60'],
  'pf/jrockway-openbsd-router.conf': ['FW003@10'],
  'pf/kpaasial-rdnzl-router.conf': ['FW003@112'],
  'pf/qubsd-pf_pass.conf': ['FTP006@9', 'FTP007@9'],
  'pf/rakancito-freebsd-game-server.conf': ['FW003@89'],
};

test('corpus findings match the reviewed list', (t) => {
  if (!fs.existsSync(CORPUS_DIR)) {
    t.skip('shared corpus not present');
    return;
  }
  const files = corpusFiles();
  assert.ok(files.length >= 70, `expected the whole corpus, found ${files.length} files`);
  const actual: Record<string, string[]> = {};
  for (const file of files) {
    const findings = checkCorpusFile(file).map((f) => `${f.code}@${f.range.start.line + 1}`);
    if (findings.length > 0) actual[file.name] = findings;
  }
  assert.deepEqual(actual, REVIEWED);
});

test('no check fails with an internal error on any corpus file', (t) => {
  if (!fs.existsSync(CORPUS_DIR)) {
    t.skip('shared corpus not present');
    return;
  }
  for (const file of corpusFiles()) {
    const internal = checkCorpusFile(file).filter((f) => f.code === 'FW000');
    assert.deepEqual(internal.map((f) => f.message), [], file.name);
  }
});
