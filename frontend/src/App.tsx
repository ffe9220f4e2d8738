import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Provider } from 'urql';
import { makeClient } from './api/client';
import { useSession } from './auth/session';
import { AppLayout } from './components/AppLayout';
import { ApprovalsPage } from './features/approvals/ApprovalsPage';
import { ContractPage } from './features/contracts/ContractPage';
import { ContractsPage } from './features/contracts/ContractsPage';
import { GroupPage } from './features/groups/GroupPage';
import { GroupsPage } from './features/groups/GroupsPage';
import { InstallationsPage } from './features/installs/InstallationsPage';
import { LoginPage } from './features/login/LoginPage';
import { PipelinePage } from './features/pipeline/PipelinePage';
import { ProposalPage } from './features/proposals/ProposalPage';
import { ProposalsPage } from './features/proposals/ProposalsPage';
import './features/registry';
import { WorkbenchPage } from './features/workbench/WorkbenchPage';
import type { Lang } from './i18n';

function RequireAuth({ children }: { children: ReactNode }) {
  const signedIn = useSession();
  const location = useLocation();
  if (!signedIn) return <Navigate to="/login" replace state={{ from: location.pathname + location.search }} />;
  return <>{children}</>;
}

export function AppRoutes() {
  return (
    <Routes>
      <Route path="/login" element={<LoginPage />} />
      <Route
        element={
          <RequireAuth>
            <AppLayout />
          </RequireAuth>
        }
      >
        <Route index element={<WorkbenchPage />} />
        <Route path="groups" element={<GroupsPage />} />
        <Route path="groups/:id" element={<GroupPage />} />
        <Route path="proposals" element={<ProposalsPage />} />
        <Route path="proposals/new" element={<ProposalPage />} />
        <Route path="proposals/:id" element={<ProposalPage />} />
        <Route path="approvals" element={<ApprovalsPage />} />
        <Route path="approvals/:id" element={<ApprovalsPage />} />
        <Route path="contracts" element={<ContractsPage />} />
        <Route path="contracts/:id" element={<ContractPage />} />
        <Route path="installations" element={<InstallationsPage />} />
        <Route path="pipeline" element={<PipelinePage />} />
        <Route path="*" element={<Navigate to="/" replace />} />
      </Route>
    </Routes>
  );
}

export function App() {
  const { i18n } = useTranslation();
  const lang: Lang = i18n.language === 'en' ? 'en' : 'zh-CN';
  dayjs.locale(lang === 'en' ? 'en' : 'zh-cn');
  // A new client when the language changes: the server answers in the request's language.
  const client = useMemo(() => makeClient(lang), [lang]);
  return (
    <ConfigProvider locale={lang === 'en' ? enUS : zhCN} theme={{ token: { colorPrimary: '#1677ff' } }}>
      <AntApp>
        <Provider value={client}>
          <BrowserRouter>
            <AppRoutes />
          </BrowserRouter>
        </Provider>
      </AntApp>
    </ConfigProvider>
  );
}
