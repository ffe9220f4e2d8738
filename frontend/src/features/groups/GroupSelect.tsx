// A group chosen by searching its name or code among those the viewer sees (a form control).
import { Select } from 'antd';
import { useState } from 'react';
import { useQuery } from 'urql';
import { DayPlanGroupOptionsDocument } from '../../gql/graphql';

export function GroupSelect({
  value,
  onChange,
  label,
  placeholder,
}: {
  value?: string | null;
  onChange?: (value?: string) => void;
  label: string;
  placeholder: string;
}) {
  const [search, setSearch] = useState('');
  const [groups] = useQuery({ query: DayPlanGroupOptionsDocument, variables: { search: search.trim() || null } });
  const options = (groups.data?.groups.nodes ?? []).map((g) => ({ value: g.id, label: `${g.name}（${g.code}）` }));
  return (
    <Select
      aria-label={label}
      allowClear
      placeholder={placeholder}
      showSearch={{ filterOption: false, onSearch: setSearch }}
      loading={groups.fetching}
      options={options}
      value={value ?? undefined}
      onChange={onChange}
    />
  );
}
