import { describe, expect, it } from 'vitest';
import {
  DEADLINE_PROFILES, caseDeadlines, isWorkingAge, laborClass, measureTypeOf, monitoringLineFen, natureOf, outsideCounty, parseYyyymm, visitWindow,
} from '../../shared/monitoring';

describe('measure types', () => {
  it('reads the type from the measure text, the download column deciding when the text does not', () => {
    expect(measureTypeOf('就业帮扶车间务工')).toBe('帮扶车间');
    expect(measureTypeOf('发展种植业（种植谷子3亩）')).toBe('产业');
    expect(measureTypeOf('劳务输出（外出务工）')).toBe('就业');
    expect(measureTypeOf('参加技能培训并就业')).toBe('就业');
    expect(measureTypeOf('家庭医生签约')).toBe('健康');
    expect(measureTypeOf('纳入低保')).toBe('兜底');
    expect(measureTypeOf('庭院经济（微菜园）', '产业')).toBe('产业');
    expect(measureTypeOf('某某合作社', '就业')).toBe('就业');
    expect(measureTypeOf('说不清')).toBe('其他');
  });
  it('产业、就业、公益岗位、帮扶车间、小额信贷 are 开发式; the rest 保障式', () => {
    expect(['产业', '就业', '公益岗位', '帮扶车间', '小额信贷'].map((t) => natureOf(t as never))).toEqual(Array(5).fill('开发式'));
    expect(['健康', '教育', '住房', '饮水', '兜底', '社会帮扶', '其他'].map((t) => natureOf(t as never))).toEqual(Array(7).fill('保障式'));
  });
});

describe('case deadlines', () => {
  const std = DEADLINE_PROFILES.standard, special = DEADLINE_PROFILES.special;
  const asOf = '2023-10-11';
  it('认定 on day 15 is on time, day 16 is late', () => {
    expect(caseDeadlines({ found: '2023-08-01', confirmed: '2023-08-16', planned: null, acted: null }, std, asOf)[0]).toMatchObject({ step: 'identify', due: '2023-08-16', state: 'ok' });
    expect(caseDeadlines({ found: '2023-08-01', confirmed: '2023-08-17', planned: null, acted: null }, std, asOf)[0].state).toBe('late');
  });
  it('a missing step is reported only once its deadline has passed at asOf', () => {
    const c = { found: '2023-10-02', confirmed: '2023-10-08', planned: null, acted: null };
    expect(caseDeadlines(c, std, asOf).map((d) => d.state)).toEqual(['ok', 'open', 'open']);
    expect(caseDeadlines(c, std, '2023-10-19').map((d) => d.state)).toEqual(['ok', 'missing', 'open']);
    expect(caseDeadlines(c, std, '2023-10-18').map((d) => d.state)).toEqual(['ok', 'open', 'open']);
  });
  it('without 认定 there is no plan or measure deadline; the missing 认定 is the finding', () => {
    const d = caseDeadlines({ found: '2023-09-01', confirmed: null, planned: null, acted: null }, std, asOf);
    expect(d).toEqual([{ step: 'identify', base: '2023-09-01', due: '2023-09-16', done: null, state: 'missing' }]);
  });
  it('the special action gives 15 days to 落实 instead of 25', () => {
    const c = { found: '2023-08-10', confirmed: '2023-08-20', planned: '2023-08-25', acted: '2023-09-12' };
    expect(caseDeadlines(c, std, asOf).find((d) => d.step === 'act')!.state).toBe('ok');
    expect(caseDeadlines(c, special, asOf).find((d) => d.step === 'act')!.state).toBe('late');
  });
  it('a step dated after asOf has not happened yet at asOf', () => {
    const c = { found: '2023-08-01', confirmed: '2023-08-10', planned: '2023-08-15', acted: '2023-08-20' };
    expect(caseDeadlines(c, std, '2023-08-12').map((d) => d.state)).toEqual(['ok', 'open', 'open']);
    expect(caseDeadlines(c, std, '2023-07-31')).toEqual([]);
  });
});

describe('monitoring line, visits, labour, places', () => {
  it('takes the year’s line, else the nearest earlier one', () => {
    const lines = [{ year: 2023, lineFen: 710_000 }, { year: 2021, lineFen: 600_000 }];
    expect(monitoringLineFen(lines, 2023)).toBe(710_000);
    expect(monitoringLineFen(lines, 2024)).toBe(710_000);
    expect(monitoringLineFen(lines, 2022)).toBe(600_000);
    expect(monitoringLineFen(lines, 2020)).toBeNull();
  });
  it('the visit window is the last complete calendar month(s)', () => {
    expect(visitWindow('2023-10-11', 1)).toEqual({ from: '2023-09-01', to: '2023-09-30' });
    expect(visitWindow('2024-01-31', 1)).toEqual({ from: '2023-12-01', to: '2023-12-31' });
    expect(visitWindow('2024-03-01', 2)).toEqual({ from: '2024-01-01', to: '2024-02-29' });
  });
  it('labour classes and working age', () => {
    expect([laborClass('普通劳动力'), laborClass('技能劳动力'), laborClass('弱劳动力或半劳动力'), laborClass('丧失劳动力'), laborClass(null)]).toEqual(['able', 'able', 'weak', 'none', 'none']);
    expect(isWorkingAge('2007-10-11', '2023-10-11', 16, 60)).toBe(true);
    expect(isWorkingAge('2007-10-12', '2023-10-11', 16, 60)).toBe(false);
    expect(isWorkingAge('1962-10-11', '2023-10-11', 16, 60)).toBe(false);
    expect(isWorkingAge(null, '2023-10-11', 16, 60)).toBe(false);
  });
  it('识别监测时间 must be a month', () => {
    expect(parseYyyymm('202306')).toBe('2023-06');
    expect(parseYyyymm(202306)).toBe('2023-06');
    expect(parseYyyymm('2023年6月')).toBe('2023-06');
    expect(parseYyyymm('202313')).toBeNull();
    expect(parseYyyymm('2023-06-05')).toBeNull();
    expect(parseYyyymm('六月')).toBeNull();
  });
  it('outside the county compares names loosely and needs both', () => {
    expect(outsideCounty('太原市小店区', '昔阳县')).toBe(true);
    expect(outsideCounty('昔阳县', '昔阳县')).toBe(false);
    expect(outsideCounty('晋中市昔阳县', '昔阳县')).toBe(false);
    expect(outsideCounty('', '昔阳县')).toBe(false);
  });
});
