/**
 * The contract's word lists and labels, without zod: the UI needs these values at run time, while it
 * takes the schemas as types only. Importing a schema module would build every zod schema on each page
 * load (about a tenth of a second on an old office PC), so the API modules re-export from here.
 */

export const IMPORT_KINDS = ['persons', 'posts', 'workshops', 'loans', 'post-library', 'post-wages', 'monitoring', 'monitoring-cases', 'visits', 'migrant-work'] as const;
/** What each import kind's file is, in the clerk's words: the import page, the import history and the 操作日志 say the same. */
export const IMPORT_KIND_LABELS: Record<(typeof IMPORT_KINDS)[number], string> = {
  persons: '人员名单', posts: '公益岗位花名册', 'post-library': '岗位库', 'post-wages': '工资发放表', workshops: '帮扶车间台账', loans: '小额信贷台账',
  monitoring: '监测对象信息', 'monitoring-cases': '新识别监测对象工作台账', visits: '监测户走访记录', 'migrant-work': '已外出务工信息',
};

export const LOAN_STATUSES = ['正常', '逾期', '展期', '续贷', '已结清'] as const;
export const COMMON_BANKS = ['农商银行', '邮储银行', '农业银行', '农村信用社', '村镇银行', '建设银行', '工商银行', '中国银行'] as const;

export const PRINT_KINDS = ['gongshi', 'exitGongshi', 'roster', 'wages', 'workshops', 'employments', 'loans', 'loanGongshi', 'visits', 'eliminationGongshi'] as const;
/** What the preview lists, in the clerk's words. */
export const PRINT_KIND_LABELS: Record<(typeof PRINT_KINDS)[number], string> = {
  gongshi: '聘用公示',
  exitGongshi: '退岗公示',
  roster: '花名册',
  wages: '工资发放表',
  workshops: '帮扶车间名单',
  employments: '车间务工人员台账',
  loans: '小额信贷台账',
  loanGongshi: '小额信贷公示',
  visits: '监测户走访记录表',
  eliminationGongshi: '风险消除公示',
};

/** Where a backup came from: 立即备份, the automatic one of the day, the copy taken before a restore or before a schema upgrade. */
export const BACKUP_KINDS = ['manual', 'auto', 'before-restore', 'before-migration', 'other'] as const;
export const BACKUP_KIND_LABELS: Record<(typeof BACKUP_KINDS)[number], string> = {
  manual: '手动备份', auto: '自动备份', 'before-restore': '恢复前备份', 'before-migration': '升级前备份', other: '其他',
};

export const LOCK_PASSWORD_MIN = 4;

/** The per-township figures of a merge, computed from the package's own rows. */
export const FIGURES = [
  { key: 'persons', label: '人员', unit: '人', group: '人员' },
  { key: 'households', label: '户数', unit: '户', group: '人员' },
  { key: 'poorPersons', label: '脱贫人口', unit: '人', group: '人员' },
  { key: 'monitorPersons', label: '监测对象', unit: '人', group: '人员' },
  { key: 'postsActive', label: '公益岗位在岗', unit: '个', group: '公益岗位' },
  { key: 'postsHolders', label: '在岗人数', unit: '人', group: '公益岗位' },
  { key: 'postsPriority', label: '其中脱贫/监测', unit: '个', group: '公益岗位' },
  { key: 'postsWageYuan', label: '月补贴合计', unit: '元', group: '公益岗位' },
  { key: 'workshops', label: '帮扶车间', unit: '个', group: '帮扶车间' },
  { key: 'workshopsOperating', label: '运营中', unit: '个', group: '帮扶车间' },
  { key: 'workshopsEmployed', label: '吸纳就业', unit: '人', group: '帮扶车间' },
  { key: 'workshopsPoor', label: '其中脱贫劳动力', unit: '人', group: '帮扶车间' },
  { key: 'loans', label: '贷款笔数', unit: '笔', group: '小额信贷' },
  { key: 'loansTotalYuan', label: '贷款金额', unit: '元', group: '小额信贷' },
  { key: 'loansActiveYuan', label: '贷款余额', unit: '元', group: '小额信贷' },
  { key: 'loanHouseholds', label: '获贷户数', unit: '户', group: '小额信贷' },
  { key: 'householdLoanRate', label: '户贷率', unit: '%', group: '小额信贷' },
] as const;
