import { Typography } from 'antd';

export default function SlaPolicies() {
  return <Typography.Title level={3}>SlaPolicies</Typography.Title>;
}
