/** 5: data safety: backups log, app lock. Placeholder until the module lands; replace the statement, keep the file. */
export default `SELECT 1;`;
