// Channels of the posts module: add entries here (zod params and result), handlers in electron/backend/handlers/posts.ts.
export const postsChannels = {} as const;
