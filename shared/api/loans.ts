// Channels of the loans module: add entries here (zod params and result), handlers in electron/backend/handlers/loans.ts.
export const loansChannels = {} as const;
