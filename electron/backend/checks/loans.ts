import type { Loan } from '../../../shared/api/loans';
import { formatYuan } from '../../../shared/money';
import { OVERDUE_BUCKETS, SUBSIDY_CAP_FEN, daysBetween, monthsBetween, overdueBucket } from '../../../shared/interest';
import { allLoans } from '../services/loans';
import { runCached } from '../services/runCache';
import { getSettings } from '../services/settings';
import { ruleMeta, type Finding, type Rule } from './engine';

/** 小额信贷 rules (晋 practice): ≤5万 first loan, ≤10万 with 追加, ≤3 years, borrower 18–65, one loan per household, 脱贫户/监测户 only, overdue. */

const TOTAL_CAP_FEN = 2 * SUBSIDY_CAP_FEN; // 10万 with a 追加 loan
const MAX_TERM_MONTHS = 36;
/** Owed at the rules' as-of date (issued by then and not paid off), from the dates rather than the ledger's word. */
const owed = (l: Loan) => l.derivedStatus !== '已结清' && l.derivedStatus !== '未放款';
/** The loans that existed at the as-of date: a loan issued later is no finding of that day. */
const loansAt = (ctx: Parameters<Rule['run']>[0], asOf: string) =>
  runCached(ctx.db, `loans.at:${asOf}`, () => allLoans(ctx, asOf).filter((l) => l.derivedStatus !== '未放款')); // once per run, six rules read it
const loanKey = (l: Loan) => l.contractNo ?? l.idNo;
const wan = (fen: number) => `${formatYuan(fen)}元`;

function finding(l: Loan, rule: string, severity: Finding['severity'], id: string, message: string): Finding {
  return { rule, severity, id, name: l.name, village: l.villageName, message, record: { type: 'loan', id: l.id } };
}

function byHousehold(loans: Loan[]): Map<string, Loan[]> {
  const m = new Map<string, Loan[]>();
  for (const l of loans) {
    const k = l.householdId != null ? `h${l.householdId}` : `p${l.personId}`;
    (m.get(k) ?? m.set(k, []).get(k)!).push(l);
  }
  return m;
}

export const loansRules: Rule[] = [
  {
    ...ruleMeta('L01'),
    run(ctx, asOf) {
      const out: Finding[] = [];
      const loans = loansAt(ctx, asOf);
      // Seed 002: 追加贷款至10万元以内 — a 追加 loan above 5万 is allowed while the household stays within 10万.
      for (const l of loans) {
        if (!l.additional && l.amountFen > SUBSIDY_CAP_FEN) {
          out.push(finding(l, 'L01', 'error', loanKey(l), `合同 ${l.contractNo ?? '（无编号）'} 贷款 ${wan(l.amountFen)}，超过首次贷款5万元的上限。如属追加贷款请在贷款记录中勾选“追加贷款”，否则请与银行核实`));
        } else if (l.additional && l.amountFen > TOTAL_CAP_FEN) {
          out.push(finding(l, 'L01', 'error', loanKey(l), `合同 ${l.contractNo ?? '（无编号）'} 追加贷款 ${wan(l.amountFen)}，超过含追加贷款10万元的上限，请与银行核实`));
        }
      }
      for (const list of byHousehold(loans).values()) {
        const active = list.filter(owed);
        const total = active.reduce((s, l) => s + l.amountFen, 0);
        if (active.length > 1 && total > TOTAL_CAP_FEN) {
          const last = [...active].sort((a, b) => a.issueDate.localeCompare(b.issueDate) || a.id - b.id).at(-1)!;
          out.push(finding(last, 'L01', 'error', loanKey(last), `该户未结清贷款 ${active.length} 笔共 ${wan(total)}，超过含追加贷款10万元的上限，请核实`));
        }
      }
      return out;
    },
  },
  {
    ...ruleMeta('L02'),
    run(ctx, asOf) {
      return loansAt(ctx, asOf).flatMap((l) => {
        const months = Math.max(l.termMonths ?? 0, monthsBetween(l.issueDate, l.dueDate));
        return months > MAX_TERM_MONTHS
          ? [finding(l, 'L02', 'error', loanKey(l), `合同 ${l.contractNo ?? '（无编号）'} 期限 ${months} 个月（${l.issueDate} 至 ${l.dueDate}），超过3年（36个月）的上限，请核实`)]
          : [];
      });
    },
  },
  {
    ...ruleMeta('L03'),
    run(ctx, asOf) {
      const s = getSettings(ctx);
      return loansAt(ctx, asOf).flatMap((l) => {
        if (l.ageAtIssue == null || (l.ageAtIssue >= s.loanAgeMin && l.ageAtIssue <= s.loanAgeMax)) return [];
        // A ledger with only 户主 columns does not say who borrowed: often another member of the household.
        if (l.borrowerSource === '户主') {
          return [finding(l, 'L03', 'warning', l.idNo, `台账只写了户主、没有写借款人：户主 ${l.name} 放款日 ${l.issueDate} ${l.ageAtIssue} 岁，不在 ${s.loanAgeMin}–${s.loanAgeMax} 岁之间。请向银行核实实际借款人；借款人是其他家庭成员的，请在贷款记录中改为该成员`)];
        }
        return [finding(l, 'L03', 'error', l.idNo, `放款日 ${l.issueDate} 借款人 ${l.ageAtIssue} 岁，不在 ${s.loanAgeMin}–${s.loanAgeMax} 岁之间，不符合小额信贷借款人条件，请核实（可改由符合条件的家庭成员借款）`)];
      });
    },
  },
  {
    ...ruleMeta('L04'),
    run(ctx, asOf) {
      const out: Finding[] = [];
      for (const list of byHousehold(loansAt(ctx, asOf)).values()) {
        const first = list.filter((l) => owed(l) && !l.additional).sort((a, b) => a.issueDate.localeCompare(b.issueDate) || a.id - b.id);
        for (const l of first.slice(1)) {
          out.push(finding(l, 'L04', 'error', l.idNo, `该户已有未结清贷款（${first[0].name}，合同 ${first[0].contractNo ?? '无编号'}，${first[0].issueDate} 放款），又有这笔 ${l.issueDate} 放款的贷款。一户只能有一笔贷款：如属追加贷款请勾选“追加贷款”，如旧贷已还清请改为“已结清”`));
        }
      }
      return out;
    },
  },
  {
    ...ruleMeta('L05'),
    run(ctx, asOf) {
      return loansAt(ctx, asOf).flatMap((l) => {
        if (!l.inRoster) return [finding(l, 'L05', 'error', l.idNo, `借款人 ${l.name}（${l.idNo}）不在人员名单中（${l.householdType}）。请核实身份证号，或导入县里最新的人员名单`)];
        if (l.householdType !== '脱贫户' && l.householdType !== '监测户') return [finding(l, 'L05', 'error', l.idNo, `借款人所在户是${l.householdType}，不是脱贫户或监测户，不能享受脱贫人口小额信贷，请核实`)];
        return [];
      });
    },
  },
  {
    ...ruleMeta('L06'),
    run(ctx, asOf) {
      // One finding per loan: overdue by the dates, with the ledger's own status named when it says otherwise.
      return loansAt(ctx, asOf).flatMap((l) => {
        if (l.derivedStatus === '逾期') {
          const days = daysBetween(l.overdueFrom!, asOf);
          const bucket = OVERDUE_BUCKETS.find((b) => b.key === overdueBucket(days))!;
          const ledger = l.status === '逾期' ? '' : `台账状态却是“${l.status}”，与日期不符，请核实后改为逾期（或补录还款、展期）。`;
          return [finding(l, 'L06', 'warning', loanKey(l), `截至 ${asOf} 已逾期 ${days} 天（${bucket.label}，自 ${l.overdueFrom} 起），未结清本金 ${wan(l.balanceAsOfFen)}。${ledger}请督促还款或办理展期（逾期期间不贴息）`)];
        }
        if (l.status === '逾期' && !l.overdueSince && l.derivedStatus !== '已结清') {
          return [finding(l, 'L06', 'warning', loanKey(l), `台账状态为逾期，但到期日 ${l.dueDateAsOf} 未到，逾期起始日期未填，未结清本金 ${wan(l.balanceAsOfFen)}。请核实：确有欠息的请填写逾期起始日期（逾期期间不贴息），否则请改为正常`)];
        }
        return [];
      });
    },
  },
];
