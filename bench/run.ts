import { benchImport } from './import';
import { benchPersons } from './persons';

const which = process.argv[2];
if (!which || which === 'persons') await benchPersons();
if (!which || which === 'import') await benchImport();
