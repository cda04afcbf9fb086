import type { safetyChannels } from '../../../shared/api/safety';
import type { HandlersFor } from './types';

export const safetyHandlers: HandlersFor<keyof typeof safetyChannels> = {};
