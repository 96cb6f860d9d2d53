import { Typography } from 'antd';

export default function Calendars() {
  return <Typography.Title level={3}>Calendars</Typography.Title>;
}
