// Console language: zh-CN by default, English on request; each area of the
// console keeps its strings in messages/<area>.ts.
import { createContext, useCallback, useContext, useMemo, useState, type ReactNode } from 'react';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { messages, type Locale } from './messages';

export type { Locale };
const KEY = 'kefu.locale';

function initialLocale(): Locale {
  const saved = typeof localStorage !== 'undefined' ? localStorage.getItem(KEY) : null;
  return saved === 'en' || saved === 'zh-CN' ? saved : 'zh-CN';
}

export type Translate = (key: string, vars?: Record<string, string | number>) => string;

interface LocaleState {
  locale: Locale;
  setLocale: (l: Locale) => void;
  t: Translate;
}

const Ctx = createContext<LocaleState | null>(null);

export function translate(locale: Locale, key: string, vars?: Record<string, string | number>): string {
  let s = messages[locale][key] ?? messages['zh-CN'][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

export function LocaleProvider({ children, initial }: { children: ReactNode; initial?: Locale }) {
  const [locale, set] = useState<Locale>(initial ?? initialLocale());
  const setLocale = useCallback((l: Locale) => {
    localStorage.setItem(KEY, l);
    document.documentElement.lang = l;
    set(l);
  }, []);
  dayjs.locale(locale === 'zh-CN' ? 'zh-cn' : 'en');
  const t = useCallback<Translate>((key, vars) => translate(locale, key, vars), [locale]);
  const value = useMemo(() => ({ locale, setLocale, t }), [locale, setLocale, t]);
  return <Ctx.Provider value={value}>{children}</Ctx.Provider>;
}

export function useLocale(): LocaleState {
  const v = useContext(Ctx);
  if (!v) throw new Error('useLocale outside LocaleProvider');
  return v;
}

export function useT(): Translate {
  return useLocale().t;
}
