import { AntdFrame } from '../layout/AntdFrame';
import { ProblemAlert } from '../components/ProblemAlert';

// LoginError is loaded only when a login fails, with antd behind it.
export default function LoginError({ error }: { error: unknown }) {
  return (
    <AntdFrame>
      <ProblemAlert error={error} />
    </AntdFrame>
  );
}
