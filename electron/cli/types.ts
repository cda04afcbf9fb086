import type { Backend } from '../backend/index';
import type { Channel, Params, Result } from '../../shared/api/contract';

/** What a command gets: parsed arguments, the backend, and output helpers that honour --json. */
export interface CliRun {
  backend: Backend;
  pos: string[]; // positional arguments after the command name (and after the subject for export/print)
  flags: Map<string, string | true>;
  json: boolean;
  /** Prints JSON (with --json) or the Chinese text. */
  out(data: unknown, text: string): void;
  call<C extends Channel>(channel: C, params: Params<C>): Promise<Result<C>>;
}

export interface Command {
  /** One line for `help`, e.g. 'check                     运行合规检查'. */
  usage: string;
  run(c: CliRun): Promise<number>;
}

/** A wrong command line: exit code 2 with the message. */
export class Usage extends Error {}

/** Each module's commands: top-level ones, and subjects of `export <subject> <out.xlsx>` and `print <subject> <out>`. */
export interface CliModule {
  commands?: Record<string, Command>;
  exports?: Record<string, Command>;
  prints?: Record<string, Command>;
}
