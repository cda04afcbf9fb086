/** Clipboard API first; the textarea fallback covers contexts where it is refused (older WebViews). */
export async function copyText(text: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(text);
    return;
  } catch { /* fall through */ }
  const ta = document.createElement('textarea');
  ta.value = text;
  ta.style.position = 'fixed';
  ta.style.opacity = '0';
  document.body.appendChild(ta);
  const focused = document.activeElement as HTMLElement | null;
  ta.select();
  document.execCommand('copy');
  ta.remove();
  focused?.focus();
}
