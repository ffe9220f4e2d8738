// Small pieces the groups screens share.
import { Tag } from 'antd';
import { useSession } from '../../auth/session';
import type { GroupStatus, Role, ServiceTier } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { STATUS_COLORS, TIER_COLORS } from './logic';

export function GroupStatusTag({ status }: { status: GroupStatus }) {
  const label = useEnumLabel();
  return <Tag color={STATUS_COLORS[status]}>{label('GroupStatus', status)}</Tag>;
}

export function TierTag({ tier }: { tier: ServiceTier }) {
  const label = useEnumLabel();
  return <Tag color={TIER_COLORS[tier]}>{label('ServiceTier', tier)}</Tag>;
}

/** Roles that keep the archive (everyone but installers). */
const KEEPERS: Role[] = ['ACCOUNT_MANAGER', 'DEPARTMENT_HEAD', 'BRANCH_MANAGER', 'GENERAL_MANAGER', 'ADMIN'];

export function useRole(): Role | undefined {
  return useSession()?.user.role;
}

export function canKeepArchive(role: Role | undefined): boolean {
  return !!role && KEEPERS.includes(role);
}

/** Tab keys of the group page, in order. */
export const GROUP_TABS = [
  'profile',
  'members',
  'contacts',
  'visits',
  'proposals',
  'contracts',
  'installations',
  'complaints',
  'competition',
  'reports',
  'history',
] as const;
export type GroupTab = (typeof GROUP_TABS)[number];
