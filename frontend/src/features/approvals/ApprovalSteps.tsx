// An approval chain (审批环节) as antd Steps: who must act, who did, the decision, the comment
// and the time. Used by the approval inbox and by the proposal page.
import { Steps, Typography } from 'antd';
import { formatDateTime } from '../../components/format';
import type { ProposalApprovalStepFieldsFragment } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { currentStep, stepStatus } from './chain';

export function ApprovalSteps({
  steps,
  orientation = 'horizontal',
}: {
  steps: readonly ProposalApprovalStepFieldsFragment[];
  orientation?: 'horizontal' | 'vertical';
}) {
  const label = useEnumLabel();
  const ordered = [...steps].sort((a, b) => a.position - b.position);
  return (
    <Steps
      size="small"
      orientation={orientation}
      current={currentStep(ordered)}
      items={ordered.map((s) => ({
        key: s.position,
        // A department head's step names the department whose head acts (部门负责人 · 广州信息化中心).
        title: s.department ? `${label('Role', s.role)} · ${s.department.name}` : label('Role', s.role),
        subTitle: label('StepStatus', s.status),
        status: stepStatus(s.status),
        content: (
          <div data-testid={`approval-step-${s.position}`}>
            {s.actor && <div>{s.actor.displayName}</div>}
            {s.actedAt && (
              <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                {formatDateTime(s.actedAt)}
              </Typography.Text>
            )}
            {s.comment && (
              <Typography.Paragraph style={{ margin: 0, whiteSpace: 'pre-wrap' }}>“{s.comment}”</Typography.Paragraph>
            )}
          </div>
        ),
      }))}
    />
  );
}
