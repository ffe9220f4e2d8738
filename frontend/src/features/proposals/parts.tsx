// Small pieces the proposal screens share.
import { Tag } from 'antd';
import type { ProposalStatus, RequestStatus } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';

/** The proposal page's address for a global id. */
export function proposalPath(id: string): string {
  return `/proposals/${encodeURIComponent(id)}`;
}

const STATUS_COLOR: Record<ProposalStatus, string> = {
  DRAFT: 'default',
  PENDING_APPROVAL: 'processing',
  APPROVED: 'cyan',
  SENT: 'blue',
  ACCEPTED: 'success',
  REJECTED: 'error',
  EXPIRED: 'warning',
  WITHDRAWN: 'default',
};

export function ProposalStatusTag({ status }: { status: ProposalStatus }) {
  const label = useEnumLabel();
  return <Tag color={STATUS_COLOR[status]}>{label('ProposalStatus', status)}</Tag>;
}

const REQUEST_COLOR: Record<RequestStatus, string> = {
  PENDING: 'processing',
  APPROVED: 'success',
  REJECTED: 'error',
  CANCELLED: 'default',
};

export function RequestStatusTag({ status }: { status: RequestStatus }) {
  const label = useEnumLabel();
  return <Tag color={REQUEST_COLOR[status]}>{label('RequestStatus', status)}</Tag>;
}
