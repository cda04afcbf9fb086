/** 3: 帮扶车间: workshops, status history, employments, subsidies. Placeholder until the module lands; replace the statement, keep the file. */
export default `SELECT 1;`;
