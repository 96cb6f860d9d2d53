import { Typography } from 'antd';

export default function TicketList() {
  return <Typography.Title level={3}>TicketList</Typography.Title>;
}
