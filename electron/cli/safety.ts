import type { CliModule } from './types';

export const safetyCli: CliModule = {};
