import { benchImport } from './import';
import { benchPersons } from './persons';
import { benchLedger } from './ledger';
import { benchPrint } from './print';
import { benchCli } from './cli';
import { benchExchange } from './exchange';
import { benchXls } from './xls';

const which = process.argv[2];
if (!which || which === 'persons') await benchPersons();
if (!which || which === 'import') await benchImport();
if (!which || which === 'xls') await benchXls();
if (!which || which === 'ledger') await benchLedger();
if (!which || which === 'print') await benchPrint();
if (!which || which === 'cli') await benchCli();
// The package alone against the writer's own floor (the full run times it within `ledger`).
if (which === 'exchange') await benchExchange();
