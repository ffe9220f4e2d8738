// The workbench's notice of resource requests waiting on the viewer (an expert's invitation, a
// head's approval), opening them on the resources page.
import { Alert, Button } from 'antd';
import { useEffect } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router-dom';
import { useQuery } from 'urql';
import { ResourcesToDecideDocument } from '../../gql/graphql';
import './i18n';

/** `stamp` moves on when the workbench hears of a change: the count is fetched again. */
export function ResourcesWaiting({ stamp }: { stamp: number }) {
  const { t } = useTranslation('resources');
  const [result, reexecute] = useQuery({ query: ResourcesToDecideDocument, requestPolicy: 'cache-and-network' });
  useEffect(() => {
    if (stamp) reexecute({ requestPolicy: 'network-only' });
  }, [stamp, reexecute]);
  const count = result.data?.resourceRequests.totalCount ?? 0;
  if (!count) return null;
  return (
    <Alert
      data-testid="resources-waiting"
      type="info"
      showIcon
      style={{ marginBottom: 12 }}
      title={t('workbench.title')}
      description={t('workbench.body', { count })}
      action={
        <Link to="/resources?tab=decide">
          <Button size="small" type="primary">
            {t('workbench.open')}
          </Button>
        </Link>
      }
    />
  );
}
