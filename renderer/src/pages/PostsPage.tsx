import { App, Button, Tabs } from 'antd';
import { useCallback, useEffect, useState } from 'react';
import type { Village } from '../../../shared/api/contract';
import { POST_CATEGORIES } from '../../../shared/wages';
import { invoke } from '../api';
import { useAsOf } from '../asOf';
import { errorMessage } from '../lib/format';
import { navigate } from '../navigation';
import { ImportPage } from './ImportPage';
import { NOT_A_TABLE, setPastedImport } from './import/pasteIntent';
import { AppointmentsTab, type AppointmentsFocus } from './posts/AppointmentsTab';
import { AttendanceTab } from './posts/AttendanceTab';
import { clearPostsIntent, peekPostsIntent, type PostsTab } from './posts/intent';
import { PostLibraryTab } from './posts/PostLibraryTab';

type TabKey = PostsTab | 'issues';

/** 公益岗位: 岗位库 → 聘用 → 考勤与工资, in the order of the clerk's month; the 问题清单 is one click away. */
export function PostsPage() {
  const { message } = App.useApp();
  const [intent] = useState(peekPostsIntent);
  useEffect(clearPostsIntent, []);
  const [tab, setTab] = useState<PostsTab>(intent?.tab ?? 'library');
  const [focus, setFocus] = useState<AppointmentsFocus | null>(
    intent && (intent.personId != null || intent.idNo) ? { personId: intent.personId, idNo: intent.idNo, appointmentId: intent.appointmentId } : null,
  );
  const [villages, setVillages] = useState<Village[]>([]);
  const [categories, setCategories] = useState<string[]>([...POST_CATEGORIES]);
  const [importing, setImporting] = useState(false);
  const [reloadKey, setReloadKey] = useState(0);
  const { asOf } = useAsOf();

  const loadLists = useCallback(() => {
    invoke('villages.list', {}).then(setVillages, (e) => message.error(errorMessage(e)));
    invoke('posts.categories', {}).then((c) => c.length && setCategories(c), () => { /* the built-in list stays */ });
  }, [message]);
  useEffect(loadLists, [loadLists]);
  const changed = useCallback(() => setReloadKey((k) => k + 1), []);
  // Rows copied from Excel/WPS: the same import preview as a file of that kind, nothing written before 确认导入.
  const pasteInto = (text: string, kind: 'post-library' | 'post-wages', month?: string) => {
    if (setPastedImport(text, kind, month)) setImporting(true);
    else message.warning(NOT_A_TABLE);
  };

  if (importing) {
    const back = () => { setImporting(false); loadLists(); changed(); };
    return (
      <ImportPage
        kind="posts" kinds={['posts', 'post-library', 'post-wages']} onBack={back}
        doneActions={[
          <Button key="posts" type="primary" onClick={back}>查看岗位库</Button>,
          <Button key="issues" onClick={() => navigate('issues')}>查看问题清单</Button>,
        ]}
      />
    );
  }

  return (
    <div className="page">
      <div className="page-header"><h2 className="page-title">公益岗位</h2><Button onClick={() => navigate('print')}>打印</Button></div>
      <Tabs
        className="posts-tabs" activeKey={tab} data-testid="posts-tabs"
        onChange={(k) => (k === 'issues' ? navigate('issues') : setTab(k as PostsTab))}
        items={([
          { key: 'library', label: '岗位库' },
          { key: 'appointments', label: '聘用' },
          { key: 'attendance', label: '考勤与工资' },
          { key: 'issues', label: '问题清单 →' },
        ] satisfies { key: TabKey; label: string }[])}
      />
      {tab === 'library' && (
        <PostLibraryTab
          villages={villages} categories={categories} reloadKey={reloadKey} onChanged={changed} openPostId={intent?.postId}
          onImport={() => setImporting(true)}
          onPasteRows={(text) => pasteInto(text, 'post-library')}
          onOpenHolder={(a) => { setFocus({ appointment: a }); setTab('appointments'); }}
        />
      )}
      {tab === 'appointments' && <AppointmentsTab villages={villages} focus={focus} reloadKey={reloadKey} onChanged={changed} />}
      {tab === 'attendance' && <AttendanceTab villages={villages} initialMonth={asOf.slice(0, 7)} onPasteRows={(text, month) => pasteInto(text, 'post-wages', month)} />}
    </div>
  );
}
