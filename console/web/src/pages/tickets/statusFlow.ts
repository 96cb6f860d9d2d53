// Which status moves the desk offers from each status. "open" from resolved
// or closed is a reopen; new → open is taking the ticket up (处理中).
import type { TicketStatus } from './labels';

export type Move = 'open' | 'pending' | 'resolved' | 'closed' | 'reopen';

export function movesFrom(s: TicketStatus): Move[] {
  switch (s) {
    case 'new': return ['open', 'pending', 'resolved', 'closed'];
    case 'open': return ['pending', 'resolved', 'closed'];
    case 'pending': return ['open', 'resolved', 'closed'];
    case 'resolved': return ['closed', 'reopen'];
    case 'closed': return ['reopen'];
  }
}

export const targetOf = (m: Move): Exclude<Move, 'reopen'> => (m === 'reopen' ? 'open' : m);

// A note is what the customer or the next person reads; reopening and
// waiving a callback must say why.
export const noteRequired = (m: Move, waive: boolean) => m === 'reopen' || waive;
