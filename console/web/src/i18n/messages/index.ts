import common from './common';
import orgchart from './orgchart';
import desk from './desk';
import settings from './settings';
import people from './people';
import dashboard from './dashboard';
import integrations from './integrations';
import billing from './billing';
import duty from './duty';
import performance from './performance';

export type Locale = 'zh-CN' | 'en';
export type Messages = Record<Locale, Record<string, string>>;

const areas: Messages[] = [common, orgchart, desk, settings, people, dashboard, integrations, billing, duty, performance];

export const messages: Messages = {
  'zh-CN': Object.assign({}, ...areas.map((a) => a['zh-CN'])),
  en: Object.assign({}, ...areas.map((a) => a.en)),
};
