// formatInZone shows an instant on the wall clock of a calendar's zone
// (not the browser's), which is what a deadline means to the center.
export function formatInZone(iso: string, timeZone: string, locale: string): string {
  try {
    const parts = new Intl.DateTimeFormat('en-CA', {
      timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23',
    }).formatToParts(new Date(iso));
    const p = Object.fromEntries(parts.map((x) => [x.type, x.value]));
    const weekday = new Intl.DateTimeFormat(locale, { timeZone, weekday: 'short' }).format(new Date(iso));
    return `${p.year}-${p.month}-${p.day} ${weekday} ${p.hour}:${p.minute}`;
  } catch {
    return iso;
  }
}

// timeZones lists IANA zones for the picker; older engines get a short list.
export function timeZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
  const all = intl.supportedValuesOf?.('timeZone') ?? ['Asia/Shanghai', 'Asia/Hong_Kong', 'Asia/Taipei', 'Asia/Singapore', 'Asia/Tokyo', 'Europe/London', 'America/New_York', 'UTC'];
  return all.includes('Asia/Shanghai') ? all : ['Asia/Shanghai', ...all];
}
