import { Typography } from 'antd';

export default function Users() {
  return <Typography.Title level={3}>Users</Typography.Title>;
}
