import { ArrowLeftOutlined } from '@ant-design/icons';
import { Button } from 'antd';
import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate, useParams } from 'react-router-dom';
import { useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import { InstallsJobDocument } from '../../gql/graphql';
import { ExactLabels } from '../contracts/parts';
import { useJobActions } from './JobDialogs';
import { JobDetail, jobOf } from './JobDrawer';

/** One job as a page of its own: what a phone, the workbench and other pages open. */
export function JobPage() {
  const { t } = useTranslation('installs');
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const [result, reexecute] = useQuery({ query: InstallsJobDocument, variables: { id } });
  const refresh = useCallback(() => reexecute({ requestPolicy: 'network-only' }), [reexecute]);
  const { trigger, dialogs, busyJob } = useJobActions(refresh);
  return (
    <ExactLabels>
      <Button type="link" icon={<ArrowLeftOutlined />} onClick={() => navigate('/installations')} style={{ paddingInline: 0 }}>
        {t('page.back')}
      </Button>
      <QueryState result={result} onRetry={refresh} isEmpty={(d) => !jobOf(d)} emptyText={t('drawer.notFound')}>
        {(d) => <JobDetail job={jobOf(d)!} onAction={trigger} busyJob={busyJob} onChanged={refresh} />}
      </QueryState>
      {dialogs}
    </ExactLabels>
  );
}
