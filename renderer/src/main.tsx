import { createRoot } from 'react-dom/client';
import { StrictMode } from 'react';
import { App as AntApp, ConfigProvider } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import dayjs from 'dayjs';
import 'dayjs/locale/zh-cn';
import { App } from './App';
// antd's own stylesheet, prebuilt, with zeroRuntime below: generating every component's CSS in the page
// at each start (and on each first use of a component) was about a tenth of the UI's CPU on two cores.
import 'antd/dist/antd.css';
import './styles.css';

dayjs.locale('zh-cn');
// Old office PCs (and anyone who asks the OS for less motion) get instant drawers and dropdowns.
const reduceMotion = window.matchMedia?.('(prefers-reduced-motion: reduce)').matches ?? false;

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    {/* Two-character labels would otherwise become "保 存"; clerks and tests both read them as written. */}
    <ConfigProvider locale={zhCN} button={{ autoInsertSpace: false }} theme={{ zeroRuntime: true, token: { borderRadius: 4, motion: !reduceMotion } }}>
      <AntApp>
        <App />
      </AntApp>
    </ConfigProvider>
  </StrictMode>,
);
