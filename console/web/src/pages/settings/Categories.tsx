import { Typography } from 'antd';

export default function Categories() {
  return <Typography.Title level={3}>Categories</Typography.Title>;
}
