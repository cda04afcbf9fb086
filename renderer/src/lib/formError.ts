import type { FormInstance } from 'antd';
import { ApiError } from '../api';
import { errorMessage } from './format';

/**
 * Shows a failed save the way every form does: the Chinese message above the form, and also under
 * the field the backend named (details.field), mapped to the form's own field name when they differ.
 * Returns the message.
 */
export function showFormError(
  form: FormInstance, e: unknown, setError: (message: string) => void,
  formField: (backendField: string) => string | undefined = (f) => f,
): string {
  const msg = errorMessage(e);
  setError(msg);
  const field = e instanceof ApiError ? (e.details as { field?: string } | undefined)?.field : undefined;
  const name = field ? formField(field) : undefined;
  if (name) form.setFields([{ name, errors: [msg] }]);
  return msg;
}
