/**
 * 5: data safety. backup_log: every backup this program made (automatic, 立即备份, before a
 * restore), so the header can say when the data was last saved and the 备份与恢复 page can list
 * copies made to other folders; a restore carries the log over. safety_settings: automatic backup
 * and rotation, and the app lock (its password only as a scrypt hash). audit_at: the 操作日志 page
 * filters and sorts by time.
 */
export default `
  CREATE TABLE backup_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    kind TEXT NOT NULL,
    file_name TEXT NOT NULL,
    dir TEXT NOT NULL,
    size INTEGER NOT NULL DEFAULT 0,
    operator TEXT NOT NULL DEFAULT ''
  );
  CREATE INDEX backup_log_at ON backup_log(at);
  CREATE TABLE safety_settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE INDEX audit_at ON audit_log(at);
`;
