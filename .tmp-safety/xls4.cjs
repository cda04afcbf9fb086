const fs = require('fs');
const XLSX = require('/work/main/node_modules/xlsx');
const out = fs.readFileSync('/work/main/.tmp-safety/case.xls');
XLSX.read(out, { type: 'buffer', cellDates: true, cellNF: false, cellText: false, dense: true });
