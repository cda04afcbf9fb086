import type { postsChannels } from '../../../shared/api/posts';
import type { HandlersFor } from './types';

export const postsHandlers: HandlersFor<keyof typeof postsChannels> = {};
