import type { loansChannels } from '../../../shared/api/loans';
import type { HandlersFor } from './types';

export const loansHandlers: HandlersFor<keyof typeof loansChannels> = {};
