import { Result, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router-dom';
import { useSession } from '../../auth/session';
import { ExpertsTab } from './ExpertsTab';
import { FunctionsTab } from './FunctionsTab';
import { HolidaysTab } from './HolidaysTab';
import { MatrixTab } from './MatrixTab';
import { SchedulerTab } from './SchedulerTab';
import { SettingsTab } from './SettingsTab';
import './i18n';

const TABS = ['holidays', 'matrix', 'settings', 'functions', 'experts', 'jobs'] as const;
type Tab = (typeof TABS)[number];

/** 系统设置 (admins): holiday calendar, approval matrix, parameters, departments' functions, experts, scheduled jobs; the tab is in `?tab=`. */
export function AdminPage() {
  const { t } = useTranslation('admin');
  const user = useSession()?.user;
  const [params, setParams] = useSearchParams();
  const asked = params.get('tab') as Tab | null;
  const tab: Tab = asked && TABS.includes(asked) ? asked : 'holidays';

  if (!user) return null;
  if (user.role !== 'ADMIN') return <Result status="403" title={t('title')} subTitle={t('adminOnly')} />;

  return (
    <>
      <Typography.Title level={3}>{t('title')}</Typography.Title>
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        destroyOnHidden
        items={[
          { key: 'holidays', label: t('tab.holidays'), children: <HolidaysTab /> },
          { key: 'matrix', label: t('tab.matrix'), children: <MatrixTab /> },
          { key: 'settings', label: t('tab.settings'), children: <SettingsTab /> },
          { key: 'functions', label: t('tab.functions'), children: <FunctionsTab /> },
          { key: 'experts', label: t('tab.experts'), children: <ExpertsTab /> },
          { key: 'jobs', label: t('tab.jobs'), children: <SchedulerTab /> },
        ]}
      />
    </>
  );
}
