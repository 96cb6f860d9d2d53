import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/react';
import { ApiError } from '../api/client';
import { LocaleProvider } from '../i18n';
import { ProblemAlert } from './ProblemAlert';

function show(error: unknown) {
  return render(
    <LocaleProvider initial="zh-CN">
      <ProblemAlert error={error} />
    </LocaleProvider>,
  );
}

describe('ProblemAlert', () => {
  it('shows the API detail and every field error', () => {
    show(new ApiError(422, { detail: 'validation failed', errors: [{ location: 'body.slug', message: 'is taken' }, { location: 'body.admin_email', message: 'invalid' }] }));
    expect(screen.getByRole('alert').textContent).toContain('validation failed');
    expect(screen.getByText('body.slug: is taken')).toBeTruthy();
    expect(screen.getByText('body.admin_email: invalid')).toBeTruthy();
  });

  it('says forbidden in the user language for a 403', () => {
    show(new ApiError(403, { detail: 'your role does not allow this' }));
    expect(screen.getByRole('alert').textContent).toContain('没有权限执行此操作');
  });

  it('renders nothing without an error', () => {
    const { container } = show(null);
    expect(container.textContent).toBe('');
  });

  it('maps field errors for forms', () => {
    const e = new ApiError(422, { errors: [{ location: 'body.slug', message: 'is taken' }, { location: 'query.to', message: 'x' }] });
    expect(e.fieldErrors()).toEqual({ slug: 'is taken', 'query.to': 'x' });
  });
});
