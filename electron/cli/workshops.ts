import type { CliModule } from './types';

export const workshopsCli: CliModule = {};
