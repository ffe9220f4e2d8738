import {
  AccountBookOutlined,
  AimOutlined,
  BookOutlined,
  EyeOutlined,
  SnippetsOutlined,
  NotificationOutlined,
  ReadOutlined,
  DollarOutlined,
  FundProjectionScreenOutlined,
  GiftOutlined,
  PieChartOutlined,
  AlertOutlined,
  BarChartOutlined,
  SettingOutlined,
  AppstoreOutlined,
  AuditOutlined,
  CalendarOutlined,
  CustomerServiceOutlined,
  FileTextOutlined,
  FolderOpenOutlined,
  FundOutlined,
  LogoutOutlined,
  ScheduleOutlined,
  TeamOutlined,
  ToolOutlined,
  TranslationOutlined,
  UserDeleteOutlined,
} from '@ant-design/icons';
import { Button, Grid, Layout, Menu, Space, Spin, Tag, Typography } from 'antd';
import { Suspense, useEffect, useState, type ReactNode } from 'react';
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

/** Everyone with somebody above them to report to, and the general manager who receives. */
const REPORTERS: Role[] = ['ACCOUNT_MANAGER', 'DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'INSTALLER', 'SERVICE_DESK', 'BILLING'];
const SELLERS: Role[] = ['ACCOUNT_MANAGER', 'DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ADMIN'];
const APPROVERS: Role[] = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ACCOUNT_MANAGER'];
const FIELD: Role[] = [...SELLERS, 'INSTALLER'];
const SERVICE: Role[] = [...SELLERS, 'SERVICE_DESK'];
/** Those who ask for, approve or carry out billing adjustments and work arrears. */
const BILLING_DESK: Role[] = ['ACCOUNT_MANAGER', 'DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'BILLING', 'ADMIN'];
/** Those who read the adjustments' analysis and the collection figures. */
const BILLING_FIGURES: Role[] = ['DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'BILLING', 'ADMIN'];

export const NAV: NavItem[] = [
  { key: 'workbench', path: '/', icon: <CalendarOutlined /> },
  { key: 'worklog', path: '/worklog', icon: <BookOutlined />, roles: SELLERS, label: 'worklog:nav' },
  { key: 'summaries', path: '/summaries', icon: <SnippetsOutlined />, roles: SELLERS, label: 'summaries:nav' },
  { key: 'reports', path: '/reports', icon: <NotificationOutlined />, roles: REPORTERS, label: 'reports:nav' },
  { key: 'resources', path: '/resources', icon: <GiftOutlined />, roles: SELLERS, label: 'resources:nav' },
  { key: 'groups', path: '/groups', icon: <TeamOutlined />, roles: SELLERS },
  { key: 'proposals', path: '/proposals', icon: <FileTextOutlined />, roles: SELLERS },
  { key: 'approvals', path: '/approvals', icon: <AuditOutlined />, roles: APPROVERS },
  { key: 'contracts', path: '/contracts', icon: <AppstoreOutlined />, roles: SELLERS },
  { key: 'installations', path: '/installations', icon: <ToolOutlined />, roles: FIELD },
  { key: 'complaints', path: '/complaints', icon: <CustomerServiceOutlined />, roles: SERVICE, label: 'complaints:nav' },
  { key: 'retention', path: '/retention', icon: <UserDeleteOutlined />, roles: SERVICE, label: 'retention:nav' },
  { key: 'churn-archive', path: '/churn-archive', icon: <FolderOpenOutlined />, roles: SELLERS, label: 'retention:archiveNav' },
  { key: 'competition', path: '/competition', icon: <AimOutlined />, roles: SELLERS, label: 'competition:nav' },
  { key: 'adjustments', path: '/adjustments', icon: <AccountBookOutlined />, roles: BILLING_DESK, label: 'billing:nav' },
  {
    key: 'adjustments-analysis',
    path: '/adjustments/analysis',
    icon: <PieChartOutlined />,
    roles: BILLING_FIGURES,
    label: 'billing:analysisNav',
  },
  { key: 'arrears', path: '/arrears', icon: <DollarOutlined />, roles: BILLING_DESK, label: 'arrears:nav' },
  { key: 'arrears-report', path: '/arrears/report', icon: <FundProjectionScreenOutlined />, roles: BILLING_FIGURES, label: 'arrears:reportNav' },
  { key: 'pipeline', path: '/pipeline', icon: <FundOutlined />, roles: SELLERS },
  { key: 'cadence', path: '/cadence', icon: <ScheduleOutlined />, roles: SELLERS, label: 'cadence:nav' },
  { key: 'churn', path: '/churn', icon: <AlertOutlined />, roles: SELLERS, label: 'churn:nav' },
  { key: 'cases', path: '/cases', icon: <ReadOutlined />, roles: SELLERS, label: 'cases:nav' },
  { key: 'monitored', path: '/monitored', icon: <EyeOutlined />, roles: SELLERS, label: 'monitor:nav' },
  { key: 'kpi', path: '/kpi', icon: <BarChartOutlined />, roles: SELLERS, label: 'kpi:nav' },
  { key: 'admin', path: '/admin', icon: <SettingOutlined />, roles: ['ADMIN'], label: 'admin:nav' },
];

export function AppLayout() {
  const { t, i18n } = useTranslation();
  const user = useSession()?.user;
  const label = useEnumLabel();
  const location = useLocation();
  const [, logout] = useMutation(LogoutDocument);
  // On a phone the header keeps to one line (the name shortened, the buttons as icons) and the
  // menu, which opens over the page, closes once a page is chosen.
  const phone = !Grid.useBreakpoint().md;
  const [narrow, setNarrow] = useState(false);
  const [collapsed, setCollapsed] = useState(false);
  useEffect(() => {
    if (narrow) setCollapsed(true);
  }, [location.pathname, narrow]);
  const items = NAV.filter((n) => !n.roles || (user && n.roles.includes(user.role)));
  // The item whose path is the longest prefix of the page's (补退费分析, not 补退费, on /adjustments/analysis).
  const matching = items.filter((n) =>
    n.path === '/' ? location.pathname === '/' : location.pathname === n.path || location.pathname.startsWith(`${n.path}/`),
  );
  const longest = Math.max(0, ...matching.map((n) => n.path.length));
  const selected = matching.filter((n) => n.path.length === longest).map((n) => n.key);

  async function signOut() {
    const s = session.get();
    if (s) await logout({ input: { refreshToken: s.refreshToken } });
    session.set(null);
  }

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Sider
        breakpoint="lg"
        collapsedWidth={0}
        theme="light"
        width={200}
        collapsed={collapsed}
        onCollapse={setCollapsed}
        onBreakpoint={setNarrow}
        // The folded menu's ☰ button sits in the header's row, not over the page.
        zeroWidthTriggerStyle={{ top: 12, zIndex: 10 }}
      >
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
          style={{
            background: '#fff',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
            // Room on the left for the menu's ☰ button when it is folded away.
            paddingInline: phone ? '56px 12px' : 24,
          }}
        >
          <Space size={phone ? 'small' : 'middle'} align="center" style={{ minWidth: 0 }}>
            {user && (
              <Typography.Text
                data-testid="current-user"
                title={`${user.displayName} · ${label('Role', user.role)}`}
                style={{
                  display: 'inline-block',
                  maxWidth: phone ? 170 : 320,
                  overflow: 'hidden',
                  textOverflow: 'ellipsis',
                  whiteSpace: 'nowrap',
                  verticalAlign: 'middle',
                }}
              >
                {user.displayName} <Tag style={{ marginInlineEnd: 0 }}>{label('Role', user.role)}</Tag>
              </Typography.Text>
            )}
            <Button
              icon={<TranslationOutlined />}
              onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}
              aria-label={t('lang.switch')}
              title={phone ? t('lang.switch') : undefined}
            >
              {phone ? null : t('lang.switch')}
            </Button>
            <Button icon={<LogoutOutlined />} onClick={signOut} aria-label={t('logout')} title={phone ? t('logout') : undefined}>
              {phone ? null : t('logout')}
            </Button>
          </Space>
        </Layout.Header>
        <Layout.Content style={{ margin: phone ? 12 : 24, minWidth: 0 }}>
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
