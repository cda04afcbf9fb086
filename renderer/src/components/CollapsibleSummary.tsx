import { Button } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';

/** Below this window height a summary starts folded, so the list it sums up is on the first screen (1366×768 laptops). */
const ROOMY_HEIGHT = 900;

interface Props {
  /** Where the clerk's choice is remembered (per PC user, like the grids' columns). */
  id: string;
  title: string;
  /** One line shown while folded: the figures that matter most. */
  brief: ReactNode;
  children: ReactNode;
  testId?: string;
  /** Open the first time whatever the screen (the counts are what the page is for); otherwise open on tall screens only. */
  defaultOpen?: boolean;
}

/** A block of counts above a list that folds to one line and stays the way the clerk left it. */
export function CollapsibleSummary({ id, title, brief, children, testId, defaultOpen }: Props) {
  const key = `ledger.summary.${id}.open`;
  const [open, setOpen] = useState<boolean>(() => {
    const saved = localStorage.getItem(key);
    return saved == null ? defaultOpen ?? window.innerHeight >= ROOMY_HEIGHT : saved === '1';
  });
  useEffect(() => { localStorage.setItem(key, open ? '1' : '0'); }, [key, open]);
  return (
    <section className="collapsible-summary" data-testid={testId} data-open={open}>
      <div className="collapsible-summary-head">
        <strong>{title}</strong>
        {!open && <span className="collapsible-summary-brief">{brief}</span>}
        <Button type="link" size="small" onClick={() => setOpen((o) => !o)} aria-expanded={open} data-testid={testId && `${testId}-toggle`}>
          {open ? '收起' : '展开'}
        </Button>
      </div>
      {open && <div className="collapsible-summary-body">{children}</div>}
    </section>
  );
}
