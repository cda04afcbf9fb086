import { Layout, Menu } from 'antd';
import { AppInfoProvider } from './appInfo';
import { AsOfProvider } from './asOf';
import { AppHeader } from './components/AppHeader';
import { UnderConstruction } from './components/UnderConstruction';
import { NAV_ITEMS, navigate, useRoute, type NavKey, type RouteKey } from './navigation';
import { PersonsPage } from './pages/PersonsPage';
import { SettingsPage } from './pages/SettingsPage';
import { ImportPage } from './pages/ImportPage';
import { ImportBatchesPage } from './pages/ImportBatchesPage';
import { PrintPage } from './pages/PrintPage';
import { LoansPage } from './pages/LoansPage';
import { PostsPage } from './pages/PostsPage';
import { IssuesPage } from './pages/IssuesPage';
import { WorkshopsPage } from './pages/WorkshopsPage';
import { MonitoringPage } from './pages/MonitoringPage';
import { OverviewPage } from './pages/OverviewPage';
import { ExchangePage } from './pages/ExchangePage';
import { BackupPage } from './pages/BackupPage';
import { AuditPage } from './pages/AuditPage';
import { LockGate } from './safety/LockGate';

function Page({ route }: { route: RouteKey }) {
  switch (route) {
    case 'overview': return <OverviewPage />;
    case 'exchange': return <ExchangePage />;
    case 'persons': return <PersonsPage />;
    case 'settings': return <SettingsPage />;
    case 'import': return <ImportPage />;
    case 'imports': return <ImportBatchesPage />;
    case 'print': return <PrintPage />;
    case 'loans': return <LoansPage />;
    case 'posts': return <PostsPage />;
    case 'issues': return <IssuesPage />;
    case 'workshops': return <WorkshopsPage />;
    case 'monitoring': return <MonitoringPage />;
    case 'backup': return <BackupPage />;
    case 'audit': return <AuditPage />;
    default: return <UnderConstruction title={NAV_ITEMS.find((i) => i.key === route)?.label ?? ''} />;
  }
}

export function App() {
  const route = useRoute();
  // The import wizard belongs with the import history in the clerk's mind.
  const selected: NavKey = route === 'import' ? 'persons' : route === 'print' ? 'posts' : route === 'exchange' ? 'overview' : route;
  return (
    <AppInfoProvider>
      {/* 程序锁: nothing below is shown (or asked of the backend) until it is unlocked. */}
      <LockGate>
      <AsOfProvider>
      <Layout className="app-layout">
        <Layout.Sider theme="light" width={176} style={{ borderRight: '1px solid #f0f0f0' }}>
          <div className="app-brand">乡镇帮扶台账</div>
          <nav aria-label="主导航">
            <Menu
              mode="inline" selectedKeys={[selected]} style={{ borderInlineEnd: 'none' }}
              items={NAV_ITEMS.map((i) => ({ key: i.key, label: i.label }))}
              onClick={({ key }) => navigate(key as NavKey)}
            />
          </nav>
        </Layout.Sider>
        <Layout>
          <Layout.Header className="app-header"><AppHeader /></Layout.Header>
          <Layout.Content className="app-content">
            <Page key={route} route={route} />
          </Layout.Content>
        </Layout>
      </Layout>
      </AsOfProvider>
      </LockGate>
    </AppInfoProvider>
  );
}
