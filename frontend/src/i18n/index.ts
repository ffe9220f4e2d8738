import i18n from 'i18next';
import { initReactI18next } from 'react-i18next';
import { common } from './common';

export type Lang = 'zh-CN' | 'en';
const KEY = 'gecrm.lang';

export function storedLang(): Lang {
  try {
    return localStorage.getItem(KEY) === 'en' ? 'en' : 'zh-CN';
  } catch {
    return 'zh-CN';
  }
}

void i18n.use(initReactI18next).init({
  lng: storedLang(),
  fallbackLng: 'zh-CN',
  defaultNS: 'common',
  ns: ['common'],
  resources: { 'zh-CN': { common: common.zh }, en: { common: common.en } },
  interpolation: { escapeValue: false },
  returnNull: false,
});

export type Messages = { [key: string]: string | Messages };

/**
 * Registers a feature's messages under its own namespace. Both languages must have the same
 * keys (checked by a test over every bundle), so nothing shows up untranslated.
 */
export function register<T extends Messages>(ns: string, zh: T, en: T): { ns: string; zh: T; en: T } {
  i18n.addResourceBundle('zh-CN', ns, zh, true, true);
  i18n.addResourceBundle('en', ns, en, true, true);
  bundles.push({ ns, zh, en });
  return { ns, zh, en };
}

export const bundles: { ns: string; zh: Messages; en: Messages }[] = [{ ns: 'common', ...common }];

export function setLang(lang: Lang) {
  try {
    localStorage.setItem(KEY, lang);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  document.documentElement.lang = lang;
  void i18n.changeLanguage(lang);
}

export default i18n;
