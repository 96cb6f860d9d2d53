// New-ticket form ↔ API body: blank optional fields are left out so the
// server derives them (priority from type, severity and customer tier).
import type { Schemas } from '../../api/client';
import type { Channel, Priority, TicketType } from './labels';

export interface NewTicketValues {
  customer_id?: string;
  type: TicketType;
  channel: Channel;
  category?: string;
  subject: string;
  description?: string;
  major?: boolean;
  priority?: Priority;
  unit_id?: string;
  mine?: boolean;
}

export function newTicketBody(v: NewTicketValues, myId: string): Schemas['CreateTicketInputBody'] {
  const body: Schemas['CreateTicketInputBody'] = {
    type: v.type,
    channel: v.channel,
    subject: v.subject.trim(),
    severity: v.major ? 'major' : 'normal',
  };
  if (v.customer_id) body.customer_id = v.customer_id;
  if (v.category) body.category = v.category;
  if (v.description?.trim()) body.description = v.description.trim();
  if (v.priority) body.priority = v.priority;
  if (v.unit_id) body.unit_id = v.unit_id;
  if (v.mine) body.assignee_id = myId;
  return body;
}
