// All fixture tables, by check code.
import type { FixtureCase } from './types';
import { FTP001 } from './ftp001';
import { FTP002 } from './ftp002';
import { FTP003 } from './ftp003';
import { FTP004 } from './ftp004';
import { FTP005 } from './ftp005';
import { FTP006 } from './ftp006';
import { FTP007 } from './ftp007';
import { FTP008 } from './ftp008';
import { FTP009 } from './ftp009';
import { FTP010 } from './ftp010';
import { FW003 } from './fw003';

export const ALL_CASES: Readonly<Record<string, readonly FixtureCase[]>> = {
  FW003, FTP001, FTP002, FTP003, FTP004, FTP005, FTP006, FTP007, FTP008, FTP009, FTP010,
};
