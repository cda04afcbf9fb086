// Channels of the safety module: add entries here (zod params and result), handlers in electron/backend/handlers/safety.ts.
export const safetyChannels = {} as const;
