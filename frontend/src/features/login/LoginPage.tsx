import { LockOutlined, UserOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Input, Typography } from 'antd';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Navigate, useLocation } from 'react-router-dom';
import { useMutation } from 'urql';
import { errorCode } from '../../api/client';
import { session, useSession } from '../../auth/session';
import { LoginDocument } from '../../gql/graphql';
import { setLang } from '../../i18n';

/** The message for a failed sign-in, from the server's answer. */
export function loginFailure(
  t: (k: string, o?: Record<string, unknown>) => string,
  result: { userErrorCode?: string; errorCode?: string; retryAfterSeconds?: number; network?: boolean },
): string {
  if (result.network) return t('networkError');
  if (result.errorCode === 'RATE_LIMITED') return t('login.rateLimited', { seconds: result.retryAfterSeconds ?? 60 });
  if (result.userErrorCode === 'ACCOUNT_DISABLED') return t('login.disabled');
  return t('login.invalid');
}

export function LoginPage() {
  const { t, i18n } = useTranslation();
  const signedIn = useSession();
  const location = useLocation();
  const [state, login] = useMutation(LoginDocument);
  const [failure, setFailure] = useState<string | null>(null);
  const from = (location.state as { from?: string } | null)?.from ?? '/';
  if (signedIn) return <Navigate to={from} replace />;

  async function onFinish(values: { username: string; password: string }) {
    setFailure(null);
    const r = await login({ input: values });
    const payload = r.data?.login;
    if (payload?.session) {
      session.set(payload.session);
      return;
    }
    const gqlError = r.error?.graphQLErrors[0];
    setFailure(
      loginFailure(t, {
        network: !!r.error?.networkError,
        errorCode: errorCode(gqlError),
        retryAfterSeconds: gqlError?.extensions?.retryAfterSeconds as number | undefined,
        userErrorCode: payload?.userErrors[0]?.code,
      }),
    );
  }

  return (
    <div style={{ minHeight: '100vh', display: 'grid', placeItems: 'center', background: '#f0f2f5' }}>
      <Card style={{ width: 380 }} title={<span>{t('appName')}</span>} extra={
        <Button type="link" onClick={() => setLang(i18n.language === 'en' ? 'zh-CN' : 'en')}>{t('lang.switch')}</Button>
      }>
        <Typography.Title level={4} style={{ marginTop: 0 }}>
          {t('login.title')}
        </Typography.Title>
        {failure && <Alert type="error" showIcon role="alert" title={failure} style={{ marginBottom: 16 }} />}
        <Form layout="vertical" onFinish={onFinish} requiredMark={false}>
          <Form.Item label={t('login.username')} name="username" rules={[{ required: true, whitespace: true, message: t('required') }]}>
            <Input prefix={<UserOutlined />} autoComplete="username" autoFocus />
          </Form.Item>
          <Form.Item label={t('login.password')} name="password" rules={[{ required: true, message: t('required') }]}>
            <Input.Password prefix={<LockOutlined />} autoComplete="current-password" />
          </Form.Item>
          <Button type="primary" htmlType="submit" block loading={state.fetching}>
            {t('login.submit')}
          </Button>
        </Form>
        <Typography.Paragraph type="secondary" style={{ marginTop: 16, marginBottom: 0, fontSize: 12 }}>
          {t('login.demo')}
        </Typography.Paragraph>
      </Card>
    </div>
  );
}
