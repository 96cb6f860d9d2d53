import type { FormInstance } from 'antd';
import { ApiError } from '../api/client';

// namePath turns an API location ("escalation[1].after") into the path of
// the antd form field (['escalation', 1, 'after']).
export function namePath(loc: string): (string | number)[] {
  return loc.split(/[.[\]]/).filter(Boolean).map((s) => (/^\d+$/.test(s) ? Number(s) : s));
}

// isOwnField reports whether an API location names one of a form's values
// (by its first path segment: "criteria[1].weight" is the form's criteria),
// so errors about fields a form does not show stay in its ProblemAlert.
export function isOwnField(values: object, loc: string): boolean {
  const first = namePath(loc)[0];
  return first !== undefined && Object.prototype.hasOwnProperty.call(values, first);
}

// applyFieldErrors marks the form fields the API complained about, so the
// message sits beside the input as well as in the ProblemAlert above; `only`
// keeps the locations a form shows as fields of its own.
export function applyFieldErrors<T>(form: FormInstance<T>, e: unknown, only?: (location: string) => boolean): void {
  if (!(e instanceof ApiError)) return;
  const fields = Object.entries(e.fieldErrors())
    .filter(([loc]) => !only || only(loc))
    .map(([loc, msg]) => ({ name: namePath(loc), errors: [msg] }));
  // antd's FieldData is keyed on the form's own type; API paths are strings.
  form.setFields(fields as Parameters<FormInstance<T>['setFields']>[0]);
}
