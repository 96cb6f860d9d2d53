import { useCallback, useState } from 'react';
import type { FormInstance } from 'antd';
import { applyFieldErrors, isOwnField } from './formErrors';

// useApiSubmit runs one API write for a modal or form: field errors from the
// API land on the form items they name (by default those whose first path
// segment is one of the form's values; `only` narrows that), anything else
// is kept in `error` for a ProblemAlert, so no failure is silent.
export function useApiSubmit<V>(form?: FormInstance<V>, only?: (location: string) => boolean) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = useCallback(async <R,>(fn: () => Promise<R>): Promise<R | undefined> => {
    setBusy(true);
    setError(null);
    try {
      return await fn();
    } catch (e) {
      if (form) {
        // The store's values, plus the mounted fields still left empty.
        const values = { ...(form.getFieldsValue() as object), ...(form.getFieldsValue(true) as object) };
        applyFieldErrors(form, e, only ?? ((loc) => isOwnField(values, loc)));
      }
      setError(e);
      return undefined;
    } finally {
      setBusy(false);
    }
  }, [form, only]);
  const reset = useCallback(() => setError(null), []);
  return { run, busy, error, reset, setError };
}
