import type { CliModule } from './types';

export const loansCli: CliModule = {};
