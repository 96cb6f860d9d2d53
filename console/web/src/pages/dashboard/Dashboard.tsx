import { Typography } from 'antd';

export default function Dashboard() {
  return <Typography.Title level={3}>Dashboard</Typography.Title>;
}
