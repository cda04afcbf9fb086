import { App, Form, type FormInstance } from 'antd';
import { useEffect, useState } from 'react';
import type { Params, Result } from '../../../../shared/api/contract';
import { invoke } from '../../api';
import { errorMessage } from '../../lib/format';

type Settings = Result<'settings.get'>;
type SettingsPatch = Partial<Params<'settings.update'>>;

/**
 * The load-then-save wiring every module's settings card shares: fill the form from the stored
 * settings, and on save send only the card's fields (the backend merges them into the rest and
 * checks the whole). toPatch may throw a Chinese message.
 */
export function useSettingsSection<V extends object>(
  toForm: (s: Settings) => Partial<V>,
  toPatch: (v: V) => SettingsPatch,
  savedMessage: string,
): { form: FormInstance<V>; loaded: boolean; saving: boolean; error: string | null; save: (v: V) => Promise<void> } {
  const { message } = App.useApp();
  const [form] = Form.useForm<V>();
  const [loaded, setLoaded] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    invoke('settings.get', {}).then((s) => {
      form.setFieldsValue(toForm(s) as Parameters<typeof form.setFieldsValue>[0]);
      setLoaded(true);
    }, (e) => setError(errorMessage(e)));
    // Loading once per mount is the intent: toForm is a plain mapping, new on every render.
  }, [form]);

  const save = async (v: V) => {
    setSaving(true);
    setError(null);
    try {
      await invoke('settings.update', toPatch(v));
      message.success(savedMessage);
    } catch (e) {
      setError(errorMessage(e));
    } finally {
      setSaving(false);
    }
  };

  return { form, loaded, saving, error, save };
}
