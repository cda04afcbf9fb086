/**
 * Chinese names of the ledger's tables, fields and audit actions: one list for the 操作日志 (its
 * screen and Excel export), the messages that name a refused request's fields (backend/validation.ts)
 * and any screen that shows a field by name. Keys are both the columns (snake_case) and the API
 * fields (camelCase). Add a label here when a table or field is added.
 */

export const ACTION_LABELS: Record<string, string> = {
  create: '新增', update: '修改', delete: '删除', restore: '恢复', import: '导入', undo: '撤销导入',
};
export const TABLE_LABELS: Record<string, string> = {
  persons: '人员', households: '户', villages: '村', settings: '设置', import_batches: '导入批次', database: '整个数据库',
  safety_settings: '备份与程序锁设置', saved_mappings: '导入列对应',
  posts: '岗位', appointments: '聘用', attendance: '考勤与工资', month_locks: '月度锁定', gongshi_records: '公示记录', gongshi_items: '公示名单',
  workshops: '帮扶车间', workshop_status_history: '车间状态', employments: '务工台账', workshop_subsidies: '车间补助',
  loans: '贷款', loan_repayments: '还款', loan_subsidies: '贴息', loan_extensions: '展期', loan_overdue_periods: '逾期期间',
  county_packages: '县级汇总交换包',
  monitor_households: '监测户信息', monitor_incomes: '人均纯收入', monitor_measures: '帮扶措施', monitor_cases: '监测工作台账',
  monitor_visits: '走访记录', migrant_work: '外出务工',
  finding_reviews: '问题核实',
};
/** Field names in Chinese; dispatch also names the fields of a refused request with them. */
export const FIELD_LABELS: Record<string, string> = {
  idNo: '身份证号', id_no: '身份证号', name: '姓名', sex: '性别', birthDate: '出生日期', birth_date: '出生日期',
  villageId: '村', village_id: '村', villageName: '村', village: '村', householdNo: '户编号', hh_no: '户编号', household_id: '户', householdId: '户',
  householdType: '户类型', hh_type: '户类型', monitorCategory: '监测对象类别', monitor_category: '监测对象类别',
  riskEliminated: '风险是否消除', risk_eliminated: '风险是否消除', exitYear: '脱贫年度', exit_year: '脱贫年度', size: '家庭人口数',
  relation: '与户主关系', laborSkill: '劳动技能', labor_skill: '劳动技能', phone: '电话', in_roster: '在名单中', inRoster: '在名单中',
  deleted_at: '删除时间', deletedAt: '删除时间', code: '村代码',
  county: '县', township: '乡镇', regionCode: '行政区划代码', supervisionPhone: '监督电话', gongshiDays: '公示天数',
  maskIdsOnPrint: '打印隐藏身份证号', operator: '操作员',
  file: '文件', kind: '类型', inserted: '新增', updated: '更新',
  autoBackup: '自动备份', keepDaily: '保留每日备份', keepWeekly: '保留每周备份', lockEnabled: '程序锁', idleMinutes: '无操作锁定（分钟）',
  passwordChanged: '设置了新密码', restoredFrom: '恢复自', safetyBackup: '恢复前备份', persons: '人数', schemaVersion: '数据库结构版本',
  status: '状态', statusDate: '状态日期', startDate: '开始日期', endDate: '结束日期', exitDate: '离岗日期', exitReason: '离岗原因', exitNote: '离岗说明',
  month: '月份', locked: '已锁定', lockedAt: '锁定时间', lockedBy: '锁定人', gongshiId: '公示记录', wageFen: '月补贴', payableFen: '应发', paidFen: '实发', bankAccount: '银行卡号',
  // 公益岗位
  category: '岗位类别', fundSource: '资金来源', headcount: '人员数量', duties: '工作职责', workTime: '工作时间',
  councilDate: '村委会研究日期', councilRecord: '村委会研究记录', postId: '岗位', personId: '人员', agreementNo: '协议编号',
  bankName: '开户行', remark: '备注', appointmentId: '聘用记录', dueDays: '应出勤天数', presentDays: '实出勤天数',
  assessment: '考核结果', paidReason: '实发与应发不同的原因',
  // the lists' own columns (聘用、岗位库)
  postName: '岗位', postCategory: '岗位类别', personName: '姓名', activeHolders: '在岗人数',
  // 帮扶车间
  type: '类型', entity: '经营主体', creditCode: '统一社会信用代码', creditCodeNote: '信用代码说明', leader: '负责人',
  industry: '行业类别', recognizedDate: '认定时间', employed: '吸纳就业人数', poor: '其中脱贫劳动力', monitored: '其中监测对象',
  avgWageFen: '人均月工资', reason: '原因', measures: '帮扶措施', workshopId: '车间', contractMonths: '合同期限（月）',
  monthlyWageFen: '月工资', channel: '就业渠道', note: '备注', paidDate: '发放日期', source: '来源',
  // the rows themselves (db/repo/workshops.ts logs whole rows under the column names)
  reportedEmployed: '吸纳就业人数', reportedPoor: '其中脱贫劳动力', reportedMonitored: '其中监测对象', reportedAvgWageFen: '人均月工资',
  qualification: '认定情况', subsidyPaidFen: '已发补助', counts: '计入认定',
  fromStatus: '原状态', toStatus: '新状态', changedOn: '变更日期', employmentId: '务工记录', voucher: '发放凭证',
  // 外出务工 (migrant_work)
  working: '是否已务工', province: '务工所在省', employer: '务工企业名称', months: '务工时间（月）', monthlyIncomeFen: '月均收入',
  homeCounty: '户籍所在县', reportedOn: '数据日期',
  // 小额信贷
  bank: '贷款银行', contractNo: '合同编号', amountFen: '贷款金额', issueDate: '放款日期', dueDate: '到期日期',
  termMonths: '期限（月）', rateE6: '年利率', ratioBp: '贴息比例', subsidized: '是否贴息', additional: '追加贷款', borrowerSource: '借款人依据',
  purpose: '贷款用途', repaidFen: '已还本金', overdueSince: '逾期开始日期', overdueEnded: '逾期结束日期',
  settledDate: '结清日期', settled_date: '结清日期', extended_due_date: '展期后到期日期', loanId: '贷款',
  fromDate: '开始日期', toDate: '结束日期', scope: '公示范围', days: '天数', rows: '行数',
  date: '日期', principalFen: '还款本金', interestFen: '利息', oldDueDate: '原到期日期', newDueDate: '新到期日期',
  repayDate: '还款日期', extDate: '办理日期', effectiveDueDate: '到期日期', balanceFen: '未还本金',
  // 设置（与设置页的叫法一致）
  subsidyDayBasis: '贴息计息天数基数', loanLprE6: '一年期LPR', loanDueAlertDays: '到期提醒（天）', loanAgeMin: '借款人最低年龄',
  loanAgeMax: '借款人最高年龄', postsPerHousehold: '每户最多岗位数', ageMaleMin: '男 最小年龄', ageMaleMax: '男 最大年龄',
  ageFemaleMin: '女 最小年龄', ageFemaleMax: '女 最大年龄', vacantMonths: '岗位空置月数', appointmentDueAlertDays: '聘用到期提醒（天）', pvWageFloorFen: '光伏岗位最低月补贴',
  postCategories: '岗位类别', workshopMinPoorWorkers: '认定：至少吸纳脱贫劳动力', workshopMinContractMonths: '认定：劳动合同期限不少于（月）',
  workshopMinWageFen: '认定：月工资不低于', workshopSubsidyPerPersonFen: '一次性吸纳就业补助（每人）', workshopSubsidyCapFen: '每个车间补助上限',
  // 问题核实、批量续聘、按名单打印公示
  rule: '规则', recordType: '记录类型', recordId: '记录', message: '问题说明', hideReviewed: '隐藏已核实',
  endingBefore: '结束日期早于', ids: '聘用记录', appointmentIds: '公示名单', renewal: '续聘公示',
  // 县级汇总
  fileName: '文件', exportedAt: '导出时间', hashStatus: '校验',
  // 防返贫监测：风险消除
  eliminatedMonth: '消除监测时间', eliminated_month: '消除监测时间', eliminationMethod: '风险消除方式', elimination_method: '风险消除方式',
  eliminatedDate: '风险消除日期', eliminated_date: '风险消除日期', eliminatedSigner: '签字确认的驻村干部', eliminated_signer: '签字确认的驻村干部',
  eliminated_note: '风险消除说明', signer: '驻村干部',
  headName: '户主姓名', headIdNo: '户主身份证号',
  // 防返贫监测：监测户、收入、措施、工作台账、走访（import rows under the column names, forms under the API names）
  identified_month: '识别监测时间', identifiedMonth: '识别监测时间', risks: '致贫返贫风险', dev_status: '实施开发式帮扶措施情况', devStatus: '实施开发式帮扶措施情况',
  year: '年度', per_capita_fen: '人均纯收入', perCapitaFen: '人均纯收入', nature: '措施性质', content: '内容',
  head_person_id: '户主', headPersonId: '户主', risk: '主要风险', found_date: '发现日期', found: '发现日期', verified_date: '入户核实日期', verified: '入户核实日期',
  village_review_date: '村级评议日期', villageReview: '村级评议日期', township_review_date: '乡镇审核日期', townshipReview: '乡镇审核日期',
  confirmed_date: '县级认定日期', confirmed: '县级认定日期', plan_date: '帮扶计划制定日期', planned: '帮扶计划制定日期', measure: '帮扶措施',
  measure_date: '措施落实日期', acted: '措施落实日期', helper: '帮扶责任人', visit_date: '走访日期', visitor: '走访人', method: '方式',
  income_change: '家庭收支变化', incomeChange: '家庭收支变化', risk_change: '风险变化情况', riskChange: '风险变化情况', reviewed_at: '核实时间', reviewedAt: '核实时间',
};
/** Where a table's column means something else than the same name elsewhere (category: 岗位类别 on posts, 监测对象类别 here). */
export const TABLE_FIELD_LABELS: Record<string, Record<string, string>> = {
  monitor_cases: { category: '监测对象类别', channel: '发现途径' },
  monitor_measures: { type: '措施类型', content: '措施内容' },
  monitor_visits: { method: '走访方式', content: '走访内容' },
  // The amount of a 车间补助 is not a 贷款金额; a worker 入职/离职 rather than starts or leaves a post.
  workshop_subsidies: { amountFen: '补助金额' },
  employments: { startDate: '入职日期', endDate: '离职日期', exitReason: '离职原因', householdType: '人员类别' },
  migrant_work: { county: '务工所在县' },
  // A post's name is the 岗位名称 and its wage the 标准 every appointment starts from; an agreement runs 聘用开始/结束.
  posts: { name: '岗位名称', wageFen: '月补贴标准' },
  appointments: { startDate: '聘用开始日期', endDate: '聘用结束日期', derivedStatus: '协议状态' },
  loans: { name: '借款人', personId: '借款人', derivedStatus: '实际状态' },
  // 帮扶车间 keeps the county 车间台账's words (行政村, 运营状态, 联系电话), on its screen, form and in the 操作日志.
  workshops: { name: '车间名称', villageId: '行政村', villageName: '行政村', status: '运营状态', phone: '联系电话', source: '人数来源' },
  // The 监测户 list: the county 监测对象 ledger's 行政村, and the columns the list works out per household.
  monitor_households: { village: '行政村', category: '监测对象类别', members: '人口', open: '风险', coverage: '开发式帮扶', lastVisit: '最近走访', rules: '问题' },
  // The 操作日志 screen's own columns (an audit row is not a ledger record).
  audit_log: { at: '时间', subject: '涉及', action: '操作类型', table: '对象', recordId: '记录号', batchId: '导入批次', summary: '内容（修改前 → 修改后）' },
};

/** The Chinese name of a field: the table's own word when it has one (TABLE_FIELD_LABELS), else the common one. */
export function fieldLabel(key: string, table?: string): string | undefined {
  return (table === undefined ? undefined : TABLE_FIELD_LABELS[table]?.[key]) ?? FIELD_LABELS[key];
}

/**
 * A list column's title for a field, so a field is named alike on every screen, in 导出当前列表 and in the
 * 操作日志; money columns add the unit as the clerk reads it: fieldTitle('amountFen', { table: 'loans', unit: '元' })
 * = 贷款金额（元）. A key without a label shows as itself (test/unit/field-titles.test.ts keeps the screens' keys labelled).
 */
export function fieldTitle(key: string, opts: { table?: string; unit?: TitleUnit } = {}): string {
  const label = fieldLabel(key, opts.table) ?? key;
  return opts.unit ? `${label}（${opts.unit}）` : label;
}
export type TitleUnit = '元' | '月' | '天';

/** fieldTitle for one table's list: `const title = titlesOf('loans')` then `title('amountFen', '元')`. */
export function titlesOf(table: string): (key: string, unit?: TitleUnit) => string {
  return (key, unit) => fieldTitle(key, { table, unit });
}
