/** 4: 小额信贷: loans, repayments, subsidies. Placeholder until the module lands; replace the statement, keep the file. */
export default `SELECT 1;`;
