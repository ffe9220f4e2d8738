// 工作案例库: finished projects written up by colleagues, searched by words or industry.
import { Flex, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { PagedCards } from '../../components/PagedCards';
import { WorkCasesDocument } from '../../gql/graphql';
import { CaseCard } from './parts';
import './i18n';

export function CasesPage() {
  const { t } = useTranslation('cases');
  const [search, setSearch] = useState('');
  const [industry, setIndustry] = useState('');
  const [changed, setChanged] = useState(0);
  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('intro')}</Typography.Paragraph>
      <Flex wrap gap={8} style={{ marginBottom: 12 }}>
        <Input.Search
          allowClear
          maxLength={100}
          placeholder={t('search')}
          aria-label={t('search')}
          style={{ maxWidth: 420 }}
          onSearch={(v) => setSearch(v.trim())}
        />
        <Input.Search
          allowClear
          maxLength={100}
          placeholder={t('industry')}
          aria-label={t('industry')}
          style={{ maxWidth: 200 }}
          onSearch={(v) => setIndustry(v.trim())}
        />
      </Flex>
      <PagedCards
        query={WorkCasesDocument}
        args={{ search: search || null, industry: industry || null }}
        connection={(d) => d.workCases}
        emptyText={t('empty')}
        totalText={(count) => t('total', { count })}
        refetchKey={changed}
        render={(c) => <CaseCard key={c.id} c={c} onChanged={() => setChanged((n) => n + 1)} />}
      />
    </>
  );
}
