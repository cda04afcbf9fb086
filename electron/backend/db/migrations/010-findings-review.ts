/** 010-findings-review: placeholder reserved this session; filled by its feature or removed before landing (never ship an empty one). */
export default `SELECT 1;`;
