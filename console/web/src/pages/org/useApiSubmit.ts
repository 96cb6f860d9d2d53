import { useCallback, useState } from 'react';
import type { FormInstance } from 'antd';
import { applyFieldErrors } from '../../components/formErrors';

// useApiSubmit runs one API write for a modal or form: field errors from the
// API land on the form items they name, anything else is kept in `error`
// for a ProblemAlert, so no failure is silent.
export function useApiSubmit<V>(form?: FormInstance<V>) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <R,>(fn: () => Promise<R>): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      if (form) applyFieldErrors(form, e, (loc) => loc in (form.getFieldsValue(true) as object));
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, [form]);
  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset };
}
