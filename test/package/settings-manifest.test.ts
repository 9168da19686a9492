// The editor's settings (package.json contributes.configuration) and the
// server's settings schema must list exactly the same keys, with the same
// types and defaults, so every setting a user sees reaches the checks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SETTINGS_SCHEMA } from '../../server/src/settings';

const REPO_ROOT = path.resolve(__dirname, '../../..');

interface ContributedSetting {
  scope?: string;
  type?: string;
  default?: unknown;
}

const contributed = (
  JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as {
    contributes: { configuration: { properties: Record<string, ContributedSetting> } };
  }
).contributes.configuration.properties;

test('package.json settings match the server schema key for key', () => {
  const schemaKeys = Object.keys(SETTINGS_SCHEMA.properties).map((k) => `fwlint.${k}`);
  const manifestKeys = Object.keys(contributed).filter((k) => k !== 'fwlint.trace.server');
  assert.deepEqual(manifestKeys.sort(), schemaKeys.sort());
});

test('each setting has the schema type and default, and resource scope', () => {
  for (const [key, schema] of Object.entries(SETTINGS_SCHEMA.properties) as Array<[string, { type: string; default?: unknown }]>) {
    const setting = contributed[`fwlint.${key}`];
    assert.equal(setting.scope, 'resource', key);
    assert.equal(setting.type, schema.type, key);
    assert.deepEqual(setting.default, schema.default, key);
  }
});

test('fwlint.trace.server is the client trace switch', () => {
  const trace = contributed['fwlint.trace.server'];
  assert.equal(trace.type, 'string');
  assert.equal(trace.default, 'off');
});
