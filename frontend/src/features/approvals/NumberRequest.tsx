import { Descriptions, Tag, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { Money } from '../../components/Money';
import { ApprovalsNumberRequestDocument } from '../../gql/graphql';
import { useEnumLabel } from '../../i18n/enums';
import { GRADE_COLORS } from '../installs/number';

/** A number-grade request's installation job, the number asked for and what its grade asked of
 * the customer when it was requested (read-only). */
export function NumberRequest({ id }: { id: string }) {
  const { t } = useTranslation('approvals');
  const { t: tn } = useTranslation('installs'); // the grade's labels, as on the job's number section
  const label = useEnumLabel();
  const [result] = useQuery({ query: ApprovalsNumberRequestDocument, variables: { id } });
  const node = result.data?.node;
  const r = node && 'requestedNumber' in node ? node : null;
  if (!r) return null;
  const info = r.numberTerms;
  return (
    <Descriptions
      data-testid="number-request"
      style={{ marginTop: 16 }}
      size="small"
      bordered
      column={{ xs: 1, md: 2 }}
      title={t('number.title')}
      items={[
        {
          key: 'number',
          label: t('number.requestedNumber'),
          children: r.requestedNumber ? <Typography.Text strong>{r.requestedNumber}</Typography.Text> : '—',
        },
        {
          key: 'grade',
          label: t('number.grade'),
          children: r.numberGrade ? <Tag color={GRADE_COLORS[r.numberGrade]}>{label('NumberGrade', r.numberGrade)}</Tag> : '—',
        },
        ...(info
          ? [
              { key: 'pattern', label: tn('number.pattern'), children: info.pattern || tn('number.noPattern') },
              { key: 'prestore', label: tn('number.prestore'), children: <Money value={info.prestore} /> },
              // 预存款减免 (rule 17): asked with the number, approved by the refund authority too.
              ...(r.prestoreWaiver ? [{ key: 'waiver', label: t('number.waiver'), children: <Money value={r.prestoreWaiver} strong /> }] : []),
              { key: 'minimum', label: tn('number.monthlyMinimum'), children: <Money value={info.monthlyMinimum} /> },
            ]
          : []),
        {
          key: 'job',
          label: t('number.job'),
          span: 'filled' as const,
          children: r.job ? (
            <Link to={`/installations/${encodeURIComponent(r.job.id)}`}>{r.job.siteAddress}</Link>
          ) : (
            '—'
          ),
        },
      ]}
    />
  );
}
