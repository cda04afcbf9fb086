import type { CliModule } from './types';

export const postsCli: CliModule = {};
