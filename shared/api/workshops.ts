// Channels of the workshops module: add entries here (zod params and result), handlers in electron/backend/handlers/workshops.ts.
export const workshopsChannels = {} as const;
