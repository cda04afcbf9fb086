import { AppError } from '../../errors';
import { personsKind } from './persons';
import { postsKind } from './posts';
import { loansKind } from './loans';
import { workshopsKind } from './workshops';
import { postLibraryKind } from './post-library';
import { postWagesKind } from './post-wages';
import { monitoringKind } from './monitoring';
import { monitoringCasesKind } from './monitoring-cases';
import { visitsKind } from './visits';
import { migrantWorkKind } from './migrant-work';
import type { KindDef } from './types';

/** Later modules (posts, workshops, loans) register their kinds here. */
const KINDS: Record<string, KindDef<unknown>> = {
  persons: personsKind as KindDef<unknown>,
  loans: loansKind as KindDef<unknown>,
  posts: postsKind as KindDef<unknown>,
  workshops: workshopsKind as KindDef<unknown>,
  'post-library': postLibraryKind as KindDef<unknown>,
  'post-wages': postWagesKind as KindDef<unknown>,
  monitoring: monitoringKind as KindDef<unknown>,
  'monitoring-cases': monitoringCasesKind as KindDef<unknown>,
  visits: visitsKind as KindDef<unknown>,
  'migrant-work': migrantWorkKind as KindDef<unknown>,
};

export function getKind(kind: string): KindDef<unknown> {
  const k = KINDS[kind];
  if (!k) throw new AppError('VALIDATION', `不支持的导入类型“${kind}”，可用：${Object.keys(KINDS).join('、')}`);
  return k;
}
