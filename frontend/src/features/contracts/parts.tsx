import { ConfigProvider, Tag } from 'antd';
import type { ReactNode } from 'react';
import type { ContractStatus, DocumentStatus, JobStatus } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';

const CONTRACT_COLORS: Record<ContractStatus, string> = {
  DRAFT: 'default',
  UNDER_REVIEW: 'processing',
  REVIEWED: 'geekblue',
  SENT: 'cyan',
  SIGNED: 'gold',
  ACTIVE: 'success',
  EXPIRED: 'default',
  TERMINATED: 'error',
};

export function ContractStatusTag({ status }: { status: ContractStatus }) {
  const label = useEnumLabel();
  return <Tag color={CONTRACT_COLORS[status]}>{label('ContractStatus', status)}</Tag>;
}

const DOCUMENT_COLORS: Record<DocumentStatus, string> = {
  MISSING: 'error',
  RECEIVED: 'success',
  NOT_REQUIRED: 'default',
};

export function DocumentStatusTag({ status }: { status: DocumentStatus }) {
  const label = useEnumLabel();
  return <Tag color={DOCUMENT_COLORS[status]}>{label('DocumentStatus', status)}</Tag>;
}

export const JOB_COLORS: Record<JobStatus, string> = {
  CREATED: 'default',
  ACCEPTED: 'blue',
  SCHEDULED: 'cyan',
  POSTPONED: 'orange',
  IN_PROGRESS: 'processing',
  COMPLETED: 'gold',
  CONFIRMED: 'success',
  CANCELLED: 'default',
};

export function JobStatusTag({ status }: { status: JobStatus }) {
  const label = useEnumLabel();
  return <Tag color={JOB_COLORS[status]}>{label('JobStatus', status)}</Tag>;
}

/**
 * Buttons labelled exactly as written: antd spaces out two-character Chinese labels
 * ("受 理"), which makes the labels harder to find by their text (tests, screen readers).
 */
export function ExactLabels({ children }: { children: ReactNode }) {
  return <ConfigProvider button={{ autoInsertSpace: false }}>{children}</ConfigProvider>;
}
