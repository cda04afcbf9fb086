/** 2: 公益岗位: post library, appointments, attendance, 公示 records. Placeholder until the module lands; replace the statement, keep the file. */
export default `SELECT 1;`;
