// All fixture tables, by check code.
import type { FixtureCase } from './types';
import { FTP001 } from './ftp001';

export const ALL_CASES: Readonly<Record<string, readonly FixtureCase[]>> = { FTP001 };
