import { Alert, Button, Empty, Spin } from 'antd';
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { CombinedError } from 'urql';

interface Props<D> {
  result: { data?: D; fetching: boolean; error?: CombinedError };
  /** True when the data holds nothing to show. */
  isEmpty?: (data: D) => boolean;
  onRetry?: () => void;
  emptyText?: ReactNode;
  children: (data: D) => ReactNode;
}

/** Loading, error and empty states for a query, the same on every screen. */
export function QueryState<D>({ result, isEmpty, onRetry, emptyText, children }: Props<D>) {
  const { t } = useTranslation();
  if (result.error && !result.data) {
    return (
      <Alert
        type="error"
        showIcon
        role="alert"
        title={t('error')}
        description={result.error.networkError ? t('networkError') : result.error.graphQLErrors.map((e) => e.message).join('；')}
        action={onRetry && <Button onClick={onRetry}>{t('retry')}</Button>}
      />
    );
  }
  if (!result.data) {
    return (
      <div style={{ padding: 48, textAlign: 'center' }} aria-busy="true">
        <Spin description={t('loading')} />
      </div>
    );
  }
  if (isEmpty?.(result.data)) return <Empty description={emptyText ?? t('empty')} />;
  return <>{children(result.data)}</>;
}
