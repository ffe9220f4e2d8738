// Labels of the schema's enums in both languages. They are written once, on the server, and
// `labels.json` is generated from there (`cargo run --bin export-schema -- --labels >
// frontend/src/i18n/labels.json`; a server test keeps it current), so the app shows exactly
// the labels the server uses in its messages and accepts in imports.
import { useTranslation } from 'react-i18next';
import labels from './labels.json';

type Table = Record<string, Record<string, string>>;
type Entry = { value: string; zh: string; en: string };

function table(lang: 'zh' | 'en'): Table {
  return Object.fromEntries(
    Object.entries(labels as Record<string, Entry[]>).map(([name, values]) => [
      name,
      Object.fromEntries(values.map((v) => [v.value, v[lang]])),
    ]),
  );
}

export const enumsZh = table('zh');
export const enumsEn = table('en');

export type EnumName = keyof typeof labels;

/** `label('ProposalStatus', 'DRAFT')` → 草稿 / Draft, in the UI's language. */
export function useEnumLabel() {
  const { i18n } = useTranslation();
  const table: Table = i18n.language === 'en' ? enumsEn : enumsZh;
  return (name: EnumName, value: string | null | undefined) => (value ? (table[name]?.[value] ?? value) : '—');
}

/** Options for a select of one enum's values, in the table's order. */
export function useEnumOptions() {
  const label = useEnumLabel();
  return (name: EnumName) => Object.keys(enumsZh[name]).map((value) => ({ value, label: label(name, value) }));
}
