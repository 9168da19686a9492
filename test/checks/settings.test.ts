import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, resolveSettings, SETTINGS_SCHEMA, type Settings } from '../../server/src/settings';

// Listing every key here makes the compiler fail when Settings gains one the schema lacks.
const SETTINGS_KEYS: Record<keyof Settings, true> = {
  minPassiveRangeSize: true,
  ephemeralRange: true,
  protectedPorts: true,
  checks: true,
  passiveRange: true,
};

test('the JSON schema has exactly the Settings keys', () => {
  assert.deepEqual(Object.keys(SETTINGS_SCHEMA.properties).sort(), Object.keys(SETTINGS_KEYS).sort());
});

test('schema defaults equal DEFAULT_SETTINGS', () => {
  const p = SETTINGS_SCHEMA.properties;
  assert.equal(p.minPassiveRangeSize.default, DEFAULT_SETTINGS.minPassiveRangeSize);
  assert.deepEqual(p.ephemeralRange.default, DEFAULT_SETTINGS.ephemeralRange);
  assert.deepEqual(p.protectedPorts.default, DEFAULT_SETTINGS.protectedPorts);
});

test('missing or malformed input gives the defaults, never throws', () => {
  for (const bad of [undefined, null, 42, 'x', [], { minPassiveRangeSize: 'many' }, { ephemeralRange: { lo: 9, hi: 1 } }, { checks: 'all' }]) {
    const s = resolveSettings(bad);
    assert.equal(s.minPassiveRangeSize, 256);
    assert.deepEqual(s.ephemeralRange, { lo: 1024, hi: 65535 });
    assert.deepEqual(s.checks, {});
    assert.equal(s.passiveRange, undefined);
  }
});

test('valid values are kept, wrong ones dropped field by field', () => {
  const s = resolveSettings({
    minPassiveRangeSize: 100,
    ephemeralRange: { lo: 32768, hi: 60999 },
    protectedPorts: [8080, 'x', 70000, 3128],
    checks: { ftp006: { enabled: false }, FTP004: { severity: 'hint' }, FTP001: { severity: 'fatal', enabled: 'no' }, FTP002: 3 },
    passiveRange: { lo: 40000, hi: 40999 },
  });
  assert.equal(s.minPassiveRangeSize, 100);
  assert.deepEqual(s.ephemeralRange, { lo: 32768, hi: 60999 });
  assert.deepEqual(s.protectedPorts, [8080, 3128]);
  assert.deepEqual(s.checks, { FTP006: { enabled: false }, FTP004: { severity: 'hint' }, FTP001: {} });
  assert.deepEqual(s.passiveRange, { lo: 40000, hi: 40999 });
});

test('a passive range read from a server configuration keeps the file it came from; a malformed one is dropped', () => {
  assert.deepEqual(resolveSettings({ passiveRange: { lo: 40000, hi: 40999, from: '/srv/etc/vsftpd.conf' } }).passiveRange, { lo: 40000, hi: 40999, from: '/srv/etc/vsftpd.conf' });
  assert.deepEqual(resolveSettings({ passiveRange: { lo: 40000, hi: 40999, from: 7 } }).passiveRange, { lo: 40000, hi: 40999 });
  assert.equal(resolveSettings({ passiveRange: { lo: 40999, hi: 40000, from: '/srv/etc/vsftpd.conf' } }).passiveRange, undefined);
});
