import type { Channel, ParsedParams, Result } from '../../../shared/api/contract';
import type { Ctx } from '../services/context';

export type Handler<C extends Channel> = (ctx: Ctx, p: ParsedParams<C>) => Result<C> | Promise<Result<C>>;
/** A module's handlers: exactly one per channel of its shared/api/<module>.ts. */
export type HandlersFor<K extends Channel> = { [C in K]: Handler<C> };
