import { chartRows } from './chart';

it('plots every stage in board order, keeping the server labels', () => {
  const rows = chartRows([
    { stage: 'DRAFT', label: '方案草稿', value: '21528.00', count: 1 },
    { stage: 'SENT', label: '已发送', value: '0', count: 0 },
  ]);
  expect(rows).toEqual([
    { stage: 'DRAFT', label: '方案草稿', value: 21528, count: 1 },
    { stage: 'SENT', label: '已发送', value: 0, count: 0 },
  ]);
});
