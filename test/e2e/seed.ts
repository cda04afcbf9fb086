import Database from 'better-sqlite3';
import path from 'node:path';
import { checkDigit } from '../../shared/idcard';
import { nameInitials } from '../../electron/backend/services/pinyin';
import { rpc, type LedgerServer } from './fixtures';
import { validId } from './ids';

const SURNAMES = ['王', '李', '张', '刘', '陈', '杨', '赵', '黄', '周', '吴', '郝', '贾', '孟', '闫', '白'];
const GIVEN = ['建国', '秀英', '志刚', '丽娟', '保平', '翠萍', '永明', '喜梅', '润生', '鹏飞', '春花', '有才', '国平', '福生', '雨轩'];
const TYPES = ['脱贫户', '脱贫户', '脱贫户', '监测户', '一般户'] as const;
const SKILLS = ['普通劳动力', '技能劳动力', '弱劳动力或半劳动力', '丧失劳动力', '无劳动力'];

interface Village { id: number; name: string }

/** A small, realistic roster through the real API: villages, households of several types, phones. */
export async function seedRoster(server: LedgerServer, count = 36): Promise<void> {
  const villages: Village[] = [];
  for (const [name, code] of [['西关村', '140724100202'], ['沙垴村', '140724100208'], ['界都村', '140724100212']]) {
    villages.push(await rpc<Village>(server, 'villages.create', { name, code }));
  }
  for (let i = 0; i < count; i++) {
    const type = TYPES[i % TYPES.length];
    const hh = Math.floor(i / 3);
    await rpc(server, 'persons.create', {
      idNo: validId(100 + i, `19${50 + (i % 45)}0${1 + (i % 9)}1${i % 10}`),
      name: SURNAMES[hh % SURNAMES.length] + GIVEN[i % GIVEN.length],
      villageId: villages[hh % villages.length].id,
      householdNo: `0724100202${String(hh).padStart(5, '0')}`,
      householdType: type,
      monitorCategory: type === '监测户' ? '边缘易致贫户' : null,
      riskEliminated: type === '监测户' ? false : null,
      exitYear: type === '脱贫户' ? 2016 + (hh % 5) : null,
      relation: i % 3 === 0 ? '户主' : i % 3 === 1 ? '配偶' : '之子',
      laborSkill: SKILLS[i % SKILLS.length],
      phone: i % 3 === 2 ? null : `139${String(10000000 + i * 7919).slice(0, 8)}`,
    });
  }
}

/**
 * Writes many persons straight into the database the server has open (WAL allows it): going
 * through the API would take minutes for 100k rows. Coupled to the schema on purpose: it is only
 * test data for the grid's scrolling.
 */
export function seedManyPersons(server: LedgerServer, count: number): void {
  const db = new Database(path.join(server.dataDir, 'ledger.sqlite'));
  db.pragma('busy_timeout = 5000');
  try {
    db.transaction(() => {
      const village = Number(db.prepare("INSERT INTO villages (name, code) VALUES ('大寨村', '140724100201')").run().lastInsertRowid);
      const insert = db.prepare(`INSERT INTO persons (id_no, name, name_initials, sex, birth_date, village_id, relation, labor_skill)
        VALUES (?, ?, ?, ?, ?, ?, '户主', '普通劳动力')`);
      for (let i = 0; i < count; i++) {
        const birth = `19${String(40 + (i % 60)).padStart(2, '0')}0${1 + (i % 9)}${String(10 + (i % 18))}`;
        // Region code and sequence together are unique for up to 100,000 rows.
        const first17 = `${140700 + Math.floor(i / 1000)}${birth}${String(i % 1000).padStart(3, '0')}`;
        const name = SURNAMES[i % SURNAMES.length] + GIVEN[Math.floor(i / SURNAMES.length) % GIVEN.length];
        const seq = Number(first17[16]);
        insert.run(first17 + checkDigit(first17), name, nameInitials(name), seq % 2 ? '男' : '女',
          `${birth.slice(0, 4)}-${birth.slice(4, 6)}-${birth.slice(6, 8)}`, village);
      }
    })();
  } finally {
    db.close();
  }
}
