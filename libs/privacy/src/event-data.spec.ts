import { withoutPersonalData } from './event-data';

describe(withoutPersonalData.name, () => {
  const PHONE = /(?<!\d)1[3-9]\d{9}(?!\d)/;

  it('masks phones, ID numbers, e-mails and residents\' names, and contacts in free text, at any depth', () => {
    const data = {
      incidentId: '0b5f3c1e-1d2a-4c3b-9e8f-139123456780',
      title: '噪音扰民，回电 13912345678',
      reporterPhone: '13912345678',
      escalation: { reason: '王阿姨要求区里处理 13800138000', reporterName: '王阿姨', history: [{ action: 'report', note: '身份证 320106199001011234' }] },
      party: { idNumber: '320106199001011234', email: 'zhang@example.cn', mobile: '138 0013 8000' },
      photos: ['ab13912345678cd0000000000000000000000000000000000000000000000000'],
      code: 'BTQ-20261207-0042',
      count: 13912345678,
    };
    const out = withoutPersonalData(data);
    expect(out).toEqual({
      ...data,
      title: '噪音扰民，回电 139****5678',
      reporterPhone: '139****5678',
      escalation: { reason: '王阿姨要求区里处理 138****8000', reporterName: '王**', history: [{ action: 'report', note: '身份证 320106**********34' }] },
      party: { idNumber: '320106**********34', email: '***@example.cn', mobile: '138****8000' },
    });
    expect(JSON.stringify({ ...out, photos: [], incidentId: '', count: 0 })).not.toMatch(PHONE);
    expect(data.title).toBe('噪音扰民，回电 13912345678'); // the caller's object is not changed
  });

  it('leaves data without personal fields as it is', () => {
    const d = { unit: 'enforcement', caseId: 'c1', note: '已清运完毕', photos: ['x'], at: new Date(0) };
    expect(withoutPersonalData(d)).toEqual(d);
    expect(withoutPersonalData(null)).toBeNull();
  });
});
