// A group's complaints on its page, newest first, with the manager's register button.
import { Button, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useNavigate } from 'react-router-dom';
import { useQuery } from 'urql';
import { QueryState } from '../../components/QueryState';
import { type ComplaintRowFragment, GroupComplaintsDocument } from '../../gql/graphql';
import { ComplaintCard, RegisterComplaintDialog } from './parts';
import './i18n';

export function GroupComplaints({ groupId, writable }: { groupId: string; writable: boolean }) {
  const { t } = useTranslation('complaints');
  const navigate = useNavigate();
  const [registering, setRegistering] = useState(false);
  const [result, reexecute] = useQuery({ query: GroupComplaintsDocument, variables: { id: groupId } });
  const rows = (d: typeof result.data): ComplaintRowFragment[] =>
    d?.node && 'complaints' in d.node ? (d.node.complaints as ComplaintRowFragment[]) : [];
  return (
    <>
      {writable && (
        <Button type="primary" onClick={() => setRegistering(true)} style={{ marginBottom: 12 }}>
          {t('register')}
        </Button>
      )}
      <QueryState
        result={result}
        onRetry={() => reexecute({ requestPolicy: 'network-only' })}
        isEmpty={(d) => rows(d).length === 0}
        emptyText={t('empty')}
      >
        {(d) => (
          <>
            <Typography.Text type="secondary">{t('total', { count: rows(d).length })}</Typography.Text>
            <div style={{ marginTop: 8 }}>
              {rows(d).map((c) => (
                <ComplaintCard key={c.id} complaint={c} />
              ))}
            </div>
          </>
        )}
      </QueryState>
      <RegisterComplaintDialog
        open={registering}
        groupId={groupId}
        onClose={() => setRegistering(false)}
        onDone={(id) => {
          setRegistering(false);
          navigate(`/complaints/${encodeURIComponent(id)}`);
        }}
      />
    </>
  );
}
