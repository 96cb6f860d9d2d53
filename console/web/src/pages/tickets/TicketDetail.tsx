import { Typography } from 'antd';

export default function TicketDetail() {
  return <Typography.Title level={3}>TicketDetail</Typography.Title>;
}
