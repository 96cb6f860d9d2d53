import { Typography } from 'antd';

export default function Callbacks() {
  return <Typography.Title level={3}>Callbacks</Typography.Title>;
}
