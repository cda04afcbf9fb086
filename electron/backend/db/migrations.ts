import m001 from './migrations/001-core';
import m002 from './migrations/002-posts';
import m003 from './migrations/003-workshops';
import m004 from './migrations/004-loans';
import m005 from './migrations/005-safety';
import m006 from './migrations/006-person-search';
import m007 from './migrations/007-county';
import m008 from './migrations/008-workshop-identity';
import m009 from './migrations/009-monitoring';
import m010 from './migrations/010-findings-review';
import m011 from './migrations/011-gongshi-items';
import m012 from './migrations/012-monitoring-elimination';
import m013 from './migrations/013-search-index-file';

/**
 * Numbered migrations: index + 1 is the user_version after it runs. One file each; never edit one
 * that has shipped, add a new file. Each runs in its own transaction.
 */
export const migrations: string[] = [m001, m002, m003, m004, m005, m006, m007, m008, m009, m010, m011, m012, m013];
