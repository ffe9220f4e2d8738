import { Button, Space } from 'antd';
import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Keyset paging over a Relay connection: forward with `after`, back through the cursors seen. */
export function useCursorPager(pageSize = 20) {
  const [stack, setStack] = useState<(string | null)[]>([null]);
  const after = stack[stack.length - 1];
  return {
    variables: { first: pageSize, after },
    page: stack.length,
    next: useCallback((cursor: string | null | undefined) => cursor && setStack((s) => [...s, cursor]), []),
    prev: useCallback(() => setStack((s) => (s.length > 1 ? s.slice(0, -1) : s)), []),
    reset: useCallback(() => setStack([null]), []),
  };
}

export function Pager({
  pager,
  pageInfo,
}: {
  pager: ReturnType<typeof useCursorPager>;
  pageInfo?: { hasNextPage: boolean; endCursor?: string | null } | null;
}) {
  const { t } = useTranslation();
  return (
    <Space style={{ marginTop: 12 }}>
      <Button disabled={pager.page <= 1} onClick={pager.prev}>
        {t('prev')}
      </Button>
      <span>{pager.page}</span>
      <Button disabled={!pageInfo?.hasNextPage} onClick={() => pager.next(pageInfo?.endCursor)}>
        {t('next')}
      </Button>
    </Space>
  );
}
