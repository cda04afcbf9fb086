/**
 * Preload (sandboxed, context-isolated): exposes exactly `window.api.invoke(channel, params)`,
 * which the renderer's transport (renderer/src/api.ts) uses when present. Nothing else from
 * Electron or Node reaches the page; no ipcRenderer object, no events, no file paths.
 */
import type { ElectronPreload } from './electron-shim';

const { contextBridge, ipcRenderer } = require('electron') as ElectronPreload;

contextBridge.exposeInMainWorld('api', {
  invoke: (channel: string, params: unknown) => ipcRenderer.invoke('api', channel, params),
});
