import { App as AntApp, ConfigProvider } from 'antd';
import enUS from 'antd/locale/en_US';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { lazy, useMemo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { Provider } from 'urql';
import { makeClient } from './api/client';
import { useSession } from './auth/session';
import { AppLayout } from './components/AppLayout';
import { LoginPage } from './features/login/LoginPage';
import './features/registry';
import type { Lang } from './i18n';

// Each screen is its own chunk, loaded when first opened.
const CadencePage = lazy(() => import('./features/cadence/CadencePage').then((m) => ({ default: m.CadencePage })));
const KpiPage = lazy(() => import('./features/kpi/KpiPage').then((m) => ({ default: m.KpiPage })));
const AdminPage = lazy(() => import('./features/admin/AdminPage').then((m) => ({ default: m.AdminPage })));
const ChurnPage = lazy(() => import('./features/churn/ChurnPage').then((m) => ({ default: m.ChurnPage })));
const ApprovalsPage = lazy(() => import('./features/approvals/ApprovalsPage').then((m) => ({ default: m.ApprovalsPage })));
const ContractPage = lazy(() => import('./features/contracts/ContractPage').then((m) => ({ default: m.ContractPage })));
const ContractsPage = lazy(() => import('./features/contracts/ContractsPage').then((m) => ({ default: m.ContractsPage })));
const GroupPage = lazy(() => import('./features/groups/GroupPage').then((m) => ({ default: m.GroupPage })));
const GroupsPage = lazy(() => import('./features/groups/GroupsPage').then((m) => ({ default: m.GroupsPage })));
const JobPage = lazy(() => import('./features/installs/JobPage').then((m) => ({ default: m.JobPage })));
const InstallationsPage = lazy(() => import('./features/installs/InstallationsPage').then((m) => ({ default: m.InstallationsPage })));
const PipelinePage = lazy(() => import('./features/pipeline/PipelinePage').then((m) => ({ default: m.PipelinePage })));
const ProposalPage = lazy(() => import('./features/proposals/ProposalPage').then((m) => ({ default: m.ProposalPage })));
const RetentionPage = lazy(() => import('./features/churn/RetentionPage').then((m) => ({ default: m.RetentionPage })));
const ProposalsPage = lazy(() => import('./features/proposals/ProposalsPage').then((m) => ({ default: m.ProposalsPage })));
const ComplaintsPage = lazy(() => import('./features/complaints/ComplaintsPage').then((m) => ({ default: m.ComplaintsPage })));
const ComplaintPage = lazy(() => import('./features/complaints/ComplaintPage').then((m) => ({ default: m.ComplaintPage })));
const RetentionRequestsPage = lazy(() => import('./features/retention/RetentionRequestsPage').then((m) => ({ default: m.RetentionRequestsPage })));
const RetentionRequestPage = lazy(() => import('./features/retention/RetentionRequestPage').then((m) => ({ default: m.RetentionRequestPage })));
const ChurnArchivePage = lazy(() => import('./features/retention/ChurnArchivePage').then((m) => ({ default: m.ChurnArchivePage })));
const CompetitionPage = lazy(() => import('./features/competition/parts').then((m) => ({ default: m.CompetitionPage })));
const AdjustmentsPage = lazy(() => import('./features/billing/AdjustmentsPage').then((m) => ({ default: m.AdjustmentsPage })));
const AdjustmentRequestPage = lazy(() => import('./features/billing/AdjustmentRequestPage').then((m) => ({ default: m.AdjustmentRequestPage })));
const AdjustmentPage = lazy(() => import('./features/billing/AdjustmentPage').then((m) => ({ default: m.AdjustmentPage })));
const AdjustmentAnalysisPage = lazy(() => import('./features/billing/AnalysisPage').then((m) => ({ default: m.AnalysisPage })));
const ArrearsPage = lazy(() => import('./features/arrears/ArrearsPage').then((m) => ({ default: m.ArrearsPage })));
const CollectionReportPage = lazy(() => import('./features/arrears/CollectionReportPage').then((m) => ({ default: m.CollectionReportPage })));
const MonitoredPage = lazy(() => import('./features/monitor/MonitoredPage').then((m) => ({ default: m.MonitoredPage })));
const ResourcesPage = lazy(() => import('./features/resources/ResourcesPage').then((m) => ({ default: m.ResourcesPage })));
const CasesPage = lazy(() => import('./features/cases/CasesPage').then((m) => ({ default: m.CasesPage })));
const ReportsPage = lazy(() => import('./features/reports/ReportsPage').then((m) => ({ default: m.ReportsPage })));
const ReportPage = lazy(() => import('./features/reports/ReportPage').then((m) => ({ default: m.ReportPage })));
const SummariesPage = lazy(() => import('./features/summaries/SummariesPage').then((m) => ({ default: m.SummariesPage })));
const WorkLogPage = lazy(() => import('./features/worklog/WorkLogPage').then((m) => ({ default: m.WorkLogPage })));
const WorkbenchPage = lazy(() => import('./features/workbench/WorkbenchPage').then((m) => ({ default: m.WorkbenchPage })));

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
        <Route path="groups/:id/retention" element={<RetentionPage />} />
        <Route path="proposals" element={<ProposalsPage />} />
        <Route path="proposals/new" element={<ProposalPage />} />
        <Route path="proposals/:id" element={<ProposalPage />} />
        <Route path="approvals" element={<ApprovalsPage />} />
        <Route path="approvals/:id" element={<ApprovalsPage />} />
        <Route path="contracts" element={<ContractsPage />} />
        <Route path="contracts/:id" element={<ContractPage />} />
        <Route path="installations" element={<InstallationsPage />} />
        <Route path="installations/:id" element={<JobPage />} />
        <Route path="pipeline" element={<PipelinePage />} />
        <Route path="cadence" element={<CadencePage />} />
        <Route path="churn" element={<ChurnPage />} />
        <Route path="complaints" element={<ComplaintsPage />} />
        <Route path="complaints/:id" element={<ComplaintPage />} />
        <Route path="retention" element={<RetentionRequestsPage />} />
        <Route path="retention/:id" element={<RetentionRequestPage />} />
        <Route path="churn-archive" element={<ChurnArchivePage />} />
        <Route path="competition" element={<CompetitionPage />} />
        <Route path="worklog" element={<WorkLogPage />} />
        <Route path="summaries" element={<SummariesPage />} />
        <Route path="reports" element={<ReportsPage />} />
        <Route path="cases" element={<CasesPage />} />
        <Route path="resources" element={<ResourcesPage />} />
        <Route path="reports/:id" element={<ReportPage />} />
        <Route path="monitored" element={<MonitoredPage />} />
        <Route path="adjustments" element={<AdjustmentsPage />} />
        <Route path="adjustments/new" element={<AdjustmentRequestPage />} />
        <Route path="adjustments/analysis" element={<AdjustmentAnalysisPage />} />
        <Route path="adjustments/:id" element={<AdjustmentPage />} />
        <Route path="arrears" element={<ArrearsPage />} />
        <Route path="arrears/report" element={<CollectionReportPage />} />
        <Route path="kpi" element={<KpiPage />} />
        <Route path="admin" element={<AdminPage />} />
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
    <ConfigProvider
      locale={lang === 'en' ? enUS : zhCN}
      theme={{ token: { colorPrimary: '#1677ff' } }}
      button={{ autoInsertSpace: false }}
    >
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
