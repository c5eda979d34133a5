import { useCallback } from 'react';
import { useAppStore } from '../store/appStore';
import { translate, type MessageKey } from './catalogue';

/** The translate function for the current locale; components re-render when it changes. */
export function useT(): (key: MessageKey, params?: Record<string, string>) => string {
  const locale = useAppStore((state) => state.locale);
  return useCallback((key, params) => translate(locale, key, params), [locale]);
}
