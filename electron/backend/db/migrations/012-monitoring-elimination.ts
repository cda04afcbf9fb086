/**
 * 12: 风险消除 recorded in the ledger with its 驻村干部 sign-off. The monitoring download carries
 * only the month (消除监测时间) and the 风险消除方式; a household eliminated here keeps the day, the
 * 驻村干部 who signed it off and a note. NULL for households whose elimination came from a download.
 */
export default `
ALTER TABLE monitor_households ADD COLUMN eliminated_date TEXT CHECK (eliminated_date IS NULL OR eliminated_date GLOB '[0-9][0-9][0-9][0-9]-[0-1][0-9]-[0-3][0-9]');
ALTER TABLE monitor_households ADD COLUMN eliminated_signer TEXT;
ALTER TABLE monitor_households ADD COLUMN eliminated_note TEXT;
`;
