// Every check fwlint runs, in code order: the one list the runner, the docs
// generator, the SARIF rule table and the tests read.
import type { Check } from './check';
import { ftp001 } from './ftp001-passive-data-blocked';
import { ftp002 } from './ftp002-nat-forwards-control-only';
import { ftp003 } from './ftp003-ephemeral-allow-exposes-services';
import { ftp004 } from './ftp004-passive-range-too-narrow';
import { ftp005 } from './ftp005-active-data-blocked';
import { ftp006 } from './ftp006-client-active-data-blocked';
import { ftp007 } from './ftp007-client-passive-data-blocked';
import { ftp008 } from './ftp008-related-without-helper';
import { ftp009 } from './ftp009-helper-without-related';
import { ftp010 } from './ftp010-ftp-proxy-incomplete';
import { fw003 } from './fw003-unreachable-rule';

export const CHECKS: readonly Check[] = [fw003, ftp001, ftp002, ftp003, ftp004, ftp005, ftp006, ftp007, ftp008, ftp009, ftp010];

export function checkByCode(code: string): Check | undefined {
  return CHECKS.find((c) => c.meta.code === code);
}
