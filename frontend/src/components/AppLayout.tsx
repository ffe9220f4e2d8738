import {
  AlertOutlined,
  BarChartOutlined,
  SettingOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CalendarOutlined,
  FileTextOutlined,
  FundOutlined,
  LogoutOutlined,
  ScheduleOutlined,
  TeamOutlined,
  ToolOutlined,
  TranslationOutlined,
} from '@ant-design/icons';
import { Button, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { Suspense, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, Outlet, useLocation } from 'react-router-dom';
import { useMutation } from 'urql';
import { session, useSession } from '../auth/session';
import { LogoutDocument, type Role } from '../gql/graphql';
import { setLang } from '../i18n';
import { useEnumLabel } from '../i18n/enums';

interface NavItem {
  key: string;
  path: string;
  icon: ReactNode;
  roles?: Role[];
  /** The label's message when not `nav.<key>` of the common messages, e.g. `cadence:nav` (a screen's own). */
  label?: string;
}

const SELLERS: Role[] = ['ACCOUNT_MANAGER', 'DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ADMIN'];
const APPROVERS: Role[] = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ACCOUNT_MANAGER'];

export const NAV: NavItem[] = [
  { key: 'workbench', path: '/', icon: <CalendarOutlined /> },
  { key: 'groups', path: '/groups', icon: <TeamOutlined />, roles: SELLERS },
  { key: 'proposals', path: '/proposals', icon: <FileTextOutlined />, roles: SELLERS },
  { key: 'approvals', path: '/approvals', icon: <AuditOutlined />, roles: APPROVERS },
  { key: 'contracts', path: '/contracts', icon: <AppstoreOutlined />, roles: SELLERS },
  { key: 'installations', path: '/installations', icon: <ToolOutlined /> },
  { key: 'pipeline', path: '/pipeline', icon: <FundOutlined />, roles: SELLERS },
  { key: 'cadence', path: '/cadence', icon: <ScheduleOutlined />, roles: SELLERS, label: 'cadence:nav' },
  { key: 'churn', path: '/churn', icon: <AlertOutlined />, roles: SELLERS, label: 'churn:nav' },
  { key: 'kpi', path: '/kpi', icon: <BarChartOutlined />, roles: SELLERS, label: 'kpi:nav' },
  { key: 'admin', path: '/admin', icon: <SettingOutlined />, roles: ['ADMIN'], label: 'admin:nav' },
];

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const user = useSession()?.user;
  const label = useEnumLabel();
  const location = useLocation();
  const [, logout] = useMutation(LogoutDocument);
  const items = NAV.filter((n) => !n.roles || (user && n.roles.includes(user.role)));
  const selected = items
    .filter((n) => (n.path === '/' ? location.pathname === '/' : location.pathname.startsWith(n.path)))
    .map((n) => n.key);

  async function signOut() {
    const s = session.get();
    if (s) await logout({ input: { refreshToken: s.refreshToken } });
    session.set(null);
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider breakpoint="lg" collapsedWidth={0} theme="light" width={200}>
        <div style={{ padding: '16px 20px', fontWeight: 600, fontSize: 15, whiteSpace: 'nowrap', overflow: 'hidden', textOverflow: 'ellipsis' }}>
          {t('appName')}
        </div>
        <Menu
          mode="inline"
          selectedKeys={selected}
          items={items.map((n) => ({ key: n.key, icon: n.icon, label: <Link to={n.path}>{t(n.label ?? `nav.${n.key}`)}</Link> }))}
        />
      </Layout.Sider>
      <Layout>
        <Layout.Header
          style={{ background: '#fff', display: 'flex', justifyContent: 'flex-end', alignItems: 'center', paddingInline: 24 }}
        >
          <Space size="middle">
            {user && (
              <Typography.Text data-testid="current-user">
                {user.displayName} <Tag>{label('Role', user.role)}</Tag>
              </Typography.Text>
            )}
            <Button
              icon={<TranslationOutlined />}
              onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}
              aria-label={t('lang.switch')}
            >
              {t('lang.switch')}
            </Button>
            <Button icon={<LogoutOutlined />} onClick={signOut}>
              {t('logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: 24 }}>
          <Suspense
            fallback={
              <div style={{ padding: 48, textAlign: 'center' }}>
                <Spin />
              </div>
            }
          >
            <Outlet />
          </Suspense>
        </Layout.Content>
      </Layout>
    </Layout>
  );
}
