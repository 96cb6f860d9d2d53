import { Typography } from 'antd';

export default function Customers() {
  return <Typography.Title level={3}>Customers</Typography.Title>;
}
