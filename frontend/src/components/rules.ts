import type { Rule } from 'antd/es/form';
import { useTranslation } from 'react-i18next';

/**
 * Form rules for text fields, with the messages of the namespace `ns`: `required(max)` wants
 * more than spaces and at most `max` characters, `optional(max)` only the length, `max(max)` is
 * the length rule alone. `tooLongKey` is the namespace's message for a text too long (given `max`).
 */
export function useFieldRules(ns: string, tooLongKey = 'validation.max') {
  const { t } = useTranslation(ns);
  const max = (max: number): Rule => ({ max, message: t(tooLongKey, { max }) });
  return {
    max,
    required: (length: number): Rule[] => [{ required: true, whitespace: true, message: t('common:required') }, max(length)],
    optional: (length: number): Rule[] => [max(length)],
  };
}
