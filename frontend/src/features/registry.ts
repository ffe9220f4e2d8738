// Every screen's messages, registered once (imported by the app and by the translation test).
import './groups/i18n';
import './contracts/i18n';
import './installs/i18n';
import './workbench/i18n';
import './pipeline/i18n';
import './proposals/i18n';
import './approvals/i18n';
import './cadence/i18n';
import './churn/i18n';
import './complaints/i18n';
import './retention/i18n';
import './competition/i18n';
import './kpi/i18n';
import './billing/i18n';
import './arrears/i18n';
import './admin/i18n';
