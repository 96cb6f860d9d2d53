// Ticket, customer and callback enums the API returns, with the tag colours
// the desk pages use for them; labels come from messages/desk.ts.
import type { Schemas } from '../../api/client';
import type { Translate } from '../../i18n';

export type Ticket = Schemas['TicketView'];
export type TicketStatus = Ticket['status'];
export type TicketType = Ticket['type'];
export type Priority = Ticket['priority'];
export type Channel = Ticket['channel'];
export type Tier = Schemas['CustomerView']['tier'];
export type Outcome = Schemas['AttemptInputBody']['outcome'];
export type CallbackStatus = Schemas['CallbackView']['status'];

export const STATUSES: TicketStatus[] = ['new', 'open', 'pending', 'resolved', 'closed'];
export const TYPES: TicketType[] = ['inquiry', 'complaint', 'suggestion', 'request', 'praise'];
export const PRIORITIES: Priority[] = ['low', 'normal', 'high', 'urgent'];
export const CHANNELS: Channel[] = ['phone', 'chat', 'email', 'sms', 'wechat', 'walk_in', 'letter', 'web', 'api'];
export const TIERS: Tier[] = ['regular', 'member', 'vip', 'key_account'];
export const OUTCOMES: Outcome[] = ['satisfied', 'neutral', 'unsatisfied', 'unreachable'];
export const CALLBACK_STATUSES: CallbackStatus[] = ['pending', 'done', 'unreachable', 'waived'];

export const statusColor: Record<TicketStatus, string> = {
  new: 'blue', open: 'processing', pending: 'warning', resolved: 'success', closed: 'default',
};
export const priorityColor: Record<Priority, string> = { low: 'default', normal: 'blue', high: 'orange', urgent: 'red' };
export const tierColor: Record<Tier, string> = { regular: 'default', member: 'blue', vip: 'gold', key_account: 'purple' };
export const outcomeColor: Record<Outcome, string> = { satisfied: 'success', neutral: 'blue', unsatisfied: 'error', unreachable: 'default' };
export const callbackStatusColor: Record<CallbackStatus, string> = { pending: 'processing', done: 'success', unreachable: 'default', waived: 'default' };

// options turns an enum into Select options labelled `desk.<group>.<value>`.
export function options<T extends string>(t: Translate, group: string, values: readonly T[]) {
  return values.map((v) => ({ value: v, label: t(`desk.${group}.${v}`) }));
}
