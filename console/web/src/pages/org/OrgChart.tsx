import { Typography } from 'antd';

export default function OrgChart() {
  return <Typography.Title level={3}>OrgChart</Typography.Title>;
}
