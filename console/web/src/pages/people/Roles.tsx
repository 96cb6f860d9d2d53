import { Typography } from 'antd';

export default function Roles() {
  return <Typography.Title level={3}>Roles</Typography.Title>;
}
