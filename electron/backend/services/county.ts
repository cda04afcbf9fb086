import {
  FIGURES, type CountyImportResult, type CountyPackage, type CountyWorkspace, type CrossCounts, type CrossFinding, type PackageInfo, type TownshipFigures,
} from '../../../shared/api/overview';
import { todayIso } from '../../../shared/dates';
import { notFound } from '../errors';
import { FULL_ID_MARK } from '../export/exchange';
import type { TableSheet } from '../export/workbook';
import { audit } from './audit';
import { nowLocal, type Ctx } from './context';
import { consolidatedWorkbook, crossFindings, readPackage, totalFigures, type CrossTown, type ReadPackage, type Township } from './exchange';

/**
 * The county workspace (县级汇总): township exchange packages kept in this program's database so the
 * county's consolidation survives a restart and grows as packages arrive. One package per township:
 * a newer export replaces the older one in one transaction; an older one is refused so a stale
 * file cannot undo a correction. A package edited after export is kept with its warning — the
 * county still needs its figures, and the warning says to ask. Only the rows the cross-township
 * checks read are stored (migration 007), and the findings are recomputed from them on every read.
 */

interface PackageRow {
  id: number; township_key: string; township_code: string; township_name: string; county: string; file_name: string; exported_at: string;
  schema_version: number | null; format: string; content_hash: string; hash_status: 'ok' | 'mismatch'; messages_json: string; sheets_json: string;
  figures_json: string; eligible_households: number; lent_households: number; imported_at: string; operator: string;
}
interface RowRow {
  package_id: number; kind: 'post' | 'loan' | 'employment'; id_no: string; name: string; village: string | null; label: string;
  household_no: string | null; amount_fen: number | null; start_date: string | null; end_date: string | null;
}

function parseJson<T>(text: string, fallback: T): T {
  try { return JSON.parse(text) as T; } catch { return fallback; }
}

/** Stored figures with every current key: a package kept before a figure was added counts 0 for it. */
function figuresOf(json: string): TownshipFigures {
  const stored = parseJson<Record<string, unknown>>(json, {});
  return Object.fromEntries(FIGURES.map((f) => [f.key, typeof stored[f.key] === 'number' ? stored[f.key] : 0])) as TownshipFigures;
}

function toPackage(r: PackageRow): CountyPackage {
  return {
    id: r.id, key: r.township_key, township: r.township_name, code: r.township_code, county: r.county, fileName: r.file_name,
    exportedAt: r.exported_at || null, schemaVersion: r.schema_version, hashStatus: r.hash_status,
    messages: parseJson<string[]>(r.messages_json, []), sheets: parseJson<CountyPackage['sheets']>(r.sheets_json, []),
    importedAt: r.imported_at, operator: r.operator, figures: figuresOf(r.figures_json),
  };
}

function packageRows(ctx: Ctx): PackageRow[] {
  return ctx.db.prepare('SELECT * FROM county_packages ORDER BY township_code, township_name, id').all() as PackageRow[];
}

/** The stored rows back in the shape crossFindings reads, one per package. */
function townsOf(ctx: Ctx, pkgs: PackageRow[]): CrossTown[] {
  const towns = new Map<number, CrossTown>(pkgs.map((p) => [p.id, { name: p.township_name, posts: [], loans: [], employments: [] }]));
  for (const r of ctx.db.prepare('SELECT * FROM county_rows ORDER BY package_id, id').iterate() as IterableIterator<RowRow>) {
    const t = towns.get(r.package_id);
    if (!t) continue;
    if (r.kind === 'post') t.posts.push({ idNo: r.id_no, name: r.name, village: r.village, post: r.label });
    else if (r.kind === 'loan') t.loans.push({ idNo: r.id_no, name: r.name, village: r.village, contractNo: r.label, hhNo: r.household_no, amountFen: r.amount_fen ?? 0 });
    else if (r.start_date) t.employments.push({ idNo: r.id_no, name: r.name, village: r.village, workshop: r.label, start: r.start_date, end: r.end_date });
  }
  return [...towns.values()];
}

export function countFindings(findings: CrossFinding[]): CrossCounts {
  const byRule = new Map<string, { rule: string; title: string; count: number }>();
  for (const f of findings) {
    const r = byRule.get(f.rule) ?? byRule.set(f.rule, { rule: f.rule, title: f.title, count: 0 }).get(f.rule)!;
    r.count++;
  }
  const error = findings.filter((f) => f.severity === 'error').length;
  return { total: findings.length, error, warning: findings.length - error, byRule: [...byRule.values()].sort((a, b) => a.rule.localeCompare(b.rule)) };
}

/** The findings channel: what the 问题清单's 跨乡镇问题 section shows. */
export function countyFindings(ctx: Ctx): { packages: number; townships: string[]; findings: CrossFinding[]; counts: CrossCounts } {
  const pkgs = packageRows(ctx);
  const findings = crossFindings(townsOf(ctx, pkgs));
  return { packages: pkgs.length, townships: pkgs.map((p) => p.township_name), findings, counts: countFindings(findings) };
}

export function countyWorkspace(ctx: Ctx): CountyWorkspace {
  const pkgs = packageRows(ctx);
  const packages = pkgs.map(toPackage);
  const findings = crossFindings(townsOf(ctx, pkgs));
  const total = totalFigures(pkgs.map((p, i) => ({ figures: packages[i].figures, eligible: p.eligible_households, lent: p.lent_households })));
  return { packages, total, findings, counts: countFindings(findings) };
}

function summary(p: { township_name: string; township_code: string; file_name: string; exported_at: string; hash_status: string }) {
  return { township: p.township_name, code: p.township_code, fileName: p.file_name, exportedAt: p.exported_at, hashStatus: p.hash_status };
}

type Outcome = CountyImportResult['results'][number];

/**
 * Reads every file first (async, outside any transaction), then writes all of them in one
 * transaction: either the whole selection is in the workspace or none of it.
 */
export async function importCountyPackages(ctx: Ctx, files: { fileName: string; buffer: Buffer }[]): Promise<CountyImportResult> {
  const read: ReadPackage[] = [];
  for (const f of files) read.push(await readPackage(f));
  const results: Outcome[] = read.map((r) => ({
    fileName: r.info.fileName, township: r.info.township, code: r.info.code, exportedAt: r.info.exportedAt, status: r.info.status,
    messages: [...r.info.messages], outcome: r.town ? 'added' : 'invalid', packageId: null,
  }));
  // Two files of one township in the same selection: only the newest (the later one on a tie) goes in.
  const newest = new Map<string, number>();
  read.forEach((r, i) => {
    if (!r.town) return;
    const j = newest.get(r.town.key);
    if (j == null || r.town.exportedAt >= read[j].town!.exportedAt) newest.set(r.town.key, i);
  });
  read.forEach((r, i) => {
    if (!r.town || newest.get(r.town.key) === i) return;
    const keep = read[newest.get(r.town.key)!];
    results[i].outcome = 'older';
    results[i].messages.push(`本次还选择了${r.town.name}导出时间较新的“${keep.info.fileName}”，本文件未导入`);
  });

  const db = ctx.db;
  const byKey = db.prepare('SELECT * FROM county_packages WHERE township_key = ?');
  const insertPkg = db.prepare(`INSERT INTO county_packages (township_key, township_code, township_name, county, file_name, exported_at, schema_version, format,
      content_hash, hash_status, messages_json, sheets_json, figures_json, eligible_households, lent_households, imported_at, operator)
    VALUES (@key, @code, @name, @county, @fileName, @exportedAt, @schemaVersion, @format, @hash, @hashStatus, @messages, @sheets, @figures, @eligible, @lent, @importedAt, @operator)`);
  const updatePkg = db.prepare(`UPDATE county_packages SET township_code = @code, township_name = @name, county = @county, file_name = @fileName,
      exported_at = @exportedAt, schema_version = @schemaVersion, format = @format, content_hash = @hash, hash_status = @hashStatus, messages_json = @messages,
      sheets_json = @sheets, figures_json = @figures, eligible_households = @eligible, lent_households = @lent, imported_at = @importedAt, operator = @operator
    WHERE id = @id`);
  const deleteRows = db.prepare('DELETE FROM county_rows WHERE package_id = ?');
  const insertRow = db.prepare(`INSERT INTO county_rows (package_id, kind, id_no, name, village, label, household_no, amount_fen, start_date, end_date)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const insertRows = (id: number, t: Township) => {
    for (const p of t.posts) insertRow.run(id, 'post', p.idNo, p.name, p.village, p.post, null, null, null, null);
    for (const l of t.loans) insertRow.run(id, 'loan', l.idNo, l.name, l.village, l.contractNo, l.hhNo, l.amountFen, null, null);
    for (const e of t.employments) insertRow.run(id, 'employment', e.idNo, e.name, e.village, e.workshop, null, null, e.start, e.end);
    return t.posts.length + t.loans.length + t.employments.length;
  };

  db.transaction(() => {
    const importedAt = nowLocal(ctx.now()), operator = ctx.operator();
    read.forEach((r, i) => {
      const t = r.town, res = results[i];
      if (!t || res.outcome !== 'added') return;
      const stored = byKey.get(t.key) as PackageRow | undefined;
      if (stored && t.exportedAt < stored.exported_at) {
        res.outcome = 'older';
        res.packageId = stored.id;
        res.messages.push(`汇总中已有${stored.township_name}导出时间较新（${stored.exported_at}）的交换包“${stored.file_name}”，本文件较旧，未导入`);
        return;
      }
      if (stored && t.exportedAt === stored.exported_at && r.actualHash === stored.content_hash) {
        res.outcome = 'unchanged';
        res.packageId = stored.id;
        res.messages.push('与汇总中已有的交换包相同，没有变化');
        return;
      }
      const values = {
        key: t.key, code: t.code, name: t.name, county: r.meta?.county ?? '', fileName: r.info.fileName, exportedAt: t.exportedAt,
        schemaVersion: r.info.schemaVersion, format: r.meta?.format ?? '', hash: r.actualHash, hashStatus: t.modified ? 'mismatch' : 'ok',
        messages: JSON.stringify(r.info.messages), sheets: JSON.stringify(r.info.sheets), figures: JSON.stringify(t.figures),
        eligible: t.eligible, lent: t.lent, importedAt, operator,
      };
      let id: number;
      if (stored) {
        id = stored.id;
        updatePkg.run({ ...values, id });
        deleteRows.run(id);
        res.outcome = 'replaced';
        res.messages.push(`替换了汇总中${stored.township_name}较早的交换包“${stored.file_name}”（导出时间 ${stored.exported_at || '未知'}）`);
      } else {
        id = Number(insertPkg.run(values).lastInsertRowid);
      }
      const rows = insertRows(id, t);
      res.packageId = id;
      audit(ctx, {
        action: stored ? 'update' : 'import', table: 'county_packages', recordId: id,
        before: stored ? summary(stored) : undefined,
        after: { township: t.name, code: t.code, fileName: r.info.fileName, exportedAt: t.exportedAt, hashStatus: values.hashStatus, rows },
      });
    });
  })();
  return { results, workspace: countyWorkspace(ctx) };
}

export function removeCountyPackage(ctx: Ctx, id: number): CountyWorkspace {
  ctx.db.transaction(() => {
    const stored = ctx.db.prepare('SELECT * FROM county_packages WHERE id = ?').get(id) as PackageRow | undefined;
    if (!stored) throw notFound('该交换包');
    ctx.db.prepare('DELETE FROM county_rows WHERE package_id = ?').run(id);
    ctx.db.prepare('DELETE FROM county_packages WHERE id = ?').run(id);
    audit(ctx, { action: 'delete', table: 'county_packages', recordId: id, before: summary(stored) });
  })();
  return countyWorkspace(ctx);
}

/** The workspace as the consolidated workbook (各乡镇汇总 + 跨乡镇问题 + 交换包校验), the same one a merge gives. */
export async function countyWorkbook(ctx: Ctx): Promise<{ fileName: string; buffer: Buffer }> {
  const ws = countyWorkspace(ctx);
  const townships = ws.packages.map((p) => ({ key: p.key, name: p.township, code: p.code, fileName: p.fileName, modified: p.hashStatus === 'mismatch', figures: p.figures }));
  const packages: PackageInfo[] = ws.packages.map((p) => ({
    fileName: p.fileName, township: p.township, code: p.code, exportedAt: p.exportedAt, schemaVersion: p.schemaVersion,
    status: p.hashStatus === 'mismatch' ? 'modified' : 'ok', messages: p.messages, sheets: p.sheets,
  }));
  const buffer = await consolidatedWorkbook(townships, ws.total, ws.findings, packages, ctx.now());
  return { fileName: `县级汇总-${todayIso(ctx.now())}.xlsx`, buffer };
}

/** The 问题清单 export's 跨乡镇问题 sheet; null while the workspace holds no package (a township's own ledger). */
export function crossFindingsSheet(ctx: Ctx): TableSheet | null {
  const { packages, townships, findings } = countyFindings(ctx);
  if (!packages) return null;
  return {
    name: '跨乡镇问题', title: '跨乡镇问题清单（县级汇总）',
    note: `${FULL_ID_MARK}    检查时间：${todayIso(ctx.now())}    汇总乡镇 ${packages} 个（${townships.join('、')}）    共 ${findings.length} 条`,
    columns: [{ header: '序号', width: 6 }, { header: '规则', width: 6 }, { header: '问题', width: 18 }, { header: '严重程度', width: 8 }, { header: '姓名', width: 10 },
      { header: '身份证号/户编号', width: 21, type: 'text' }, { header: '涉及乡镇', width: 20 }, { header: '说明', width: 80 }],
    rows: findings.map((x, i) => [i + 1, x.rule, x.title, x.severity === 'error' ? '错误' : '提醒', x.name, x.id, x.townships.join('、'), x.message]),
  };
}
