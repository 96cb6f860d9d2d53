import type { Messages } from '.';

const m: Messages = {
  'zh-CN': {},
  en: {},
};
export default m;
