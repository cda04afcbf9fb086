import type { workshopsChannels } from '../../../shared/api/workshops';
import type { HandlersFor } from './types';

export const workshopsHandlers: HandlersFor<keyof typeof workshopsChannels> = {};
