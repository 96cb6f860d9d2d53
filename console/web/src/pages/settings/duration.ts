// The API speaks ISO 8601 durations (PT30M, PT8H, P1DT3H; weeks, days,
// hours, minutes, seconds; no years or months). The console edits them as
// plain numbers of units; a day is 24 hours, as on the server.
const ISO = /^P(?:(\d+)W)?(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+)S)?)?$/;
const UNIT_SECONDS = [7 * 86400, 86400, 3600, 60, 1];

export const MINUTE = 60;
export const HOUR = 3600;
export const DAY = 86400;

// isoToSeconds returns null for text the API would refuse.
export function isoToSeconds(s: string | undefined | null): number | null {
  if (!s) return null;
  const m = ISO.exec(s);
  if (!m || s === 'P' || s.endsWith('T')) return null;
  return UNIT_SECONDS.reduce((sum, u, i) => sum + (m[i + 1] ? Number(m[i + 1]) * u : 0), 0);
}

// secondsToIso writes what the server's own formatter writes, so a value
// read and saved unchanged round-trips byte for byte.
export function secondsToIso(total: number): string {
  let s = Math.max(0, Math.floor(total));
  if (s === 0) return 'PT0S';
  let out = 'P';
  const days = Math.floor(s / DAY);
  if (days) out += `${days}D`;
  s -= days * DAY;
  if (s) {
    out += 'T';
    const h = Math.floor(s / HOUR), m = Math.floor((s % HOUR) / MINUTE), sec = s % MINUTE;
    if (h) out += `${h}H`;
    if (m) out += `${m}M`;
    if (sec) out += `${sec}S`;
  }
  return out;
}

export type Unit = 'd' | 'h' | 'm';
const SIZE: Record<Unit, number> = { d: DAY, h: HOUR, m: MINUTE };

// split breaks seconds into the given units, largest first; the smallest
// unit keeps any remainder rounded down.
export function split(total: number, units: Unit[]): Record<Unit, number> {
  const out = { d: 0, h: 0, m: 0 };
  let rest = Math.max(0, Math.floor(total));
  for (const u of units) {
    out[u] = Math.floor(rest / SIZE[u]);
    rest -= out[u] * SIZE[u];
  }
  return out;
}

export function join(parts: Partial<Record<Unit, number | null>>): number {
  return (Object.keys(SIZE) as Unit[]).reduce((sum, u) => sum + (parts[u] ?? 0) * SIZE[u], 0);
}

// humanize prints a duration in hours and minutes ("2 小时 30 分钟"); SLA
// targets are business hours, so days are deliberately not used.
export function humanize(total: number, t: (k: string, v?: Record<string, string | number>) => string, units: Unit[] = ['h', 'm']): string {
  if (total <= 0) return t('settings.dur.zero');
  const p = split(total, units);
  const parts = units.filter((u) => p[u] > 0).map((u) => t(`settings.dur.${u}`, { n: p[u] }));
  return parts.length ? parts.join(' ') : t('settings.dur.zero');
}
