import i18n from '../../i18n';
import { loginFailure } from './LoginPage';

describe('sign-in failure messages', () => {
  const t = i18n.getFixedT('zh-CN');
  const en = i18n.getFixedT('en');
  it('tells a wrong password from a disabled account', () => {
    expect(loginFailure(t, { userErrorCode: 'INVALID_CREDENTIALS' })).toBe('用户名或密码错误');
    expect(loginFailure(t, { userErrorCode: 'ACCOUNT_DISABLED' })).toBe('账号已停用，请联系管理员');
    expect(loginFailure(en, { userErrorCode: 'ACCOUNT_DISABLED' })).toBe('This account is disabled; ask an administrator');
  });
  it('says how long to wait when rate limited, and when the server is unreachable', () => {
    expect(loginFailure(t, { errorCode: 'RATE_LIMITED', retryAfterSeconds: 42 })).toBe('尝试次数过多，请在 42 秒后重试');
    expect(loginFailure(en, { errorCode: 'RATE_LIMITED', retryAfterSeconds: 42 })).toBe('Too many attempts; try again in 42 seconds');
    expect(loginFailure(t, { network: true })).toBe('无法连接服务器，请检查网络后重试');
  });
});
