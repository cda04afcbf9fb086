import { parseDate } from '../../shared/dates';
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

/** --as-of YYYY-MM-DD (default: today, left to the backend). The date the ledger is judged at. */
export function asOfFlag(c: Pick<CliRun, 'flags'>): string | undefined {
  const v = c.flags.get('as-of');
  if (v === undefined) return undefined;
  const d = typeof v === 'string' ? parseDate(v) : null;
  if (!d) throw new Usage(`--as-of 的日期“${v === true ? '' : v}”无法识别，请写成 YYYY-MM-DD，例如 --as-of 2023-10-11`);
  return d;
}
