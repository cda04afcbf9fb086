import os from 'node:os';
import path from 'node:path';

export const APP_DIR_NAME = 'township-ledger';

/** The OS per-user data directory, as Electron's app.getPath('userData') would give it. */
export function defaultDataDir(platform = process.platform, env = process.env, home = os.homedir()): string {
  if (platform === 'win32') return path.join(env.APPDATA || path.join(home, 'AppData', 'Roaming'), APP_DIR_NAME);
  if (platform === 'darwin') return path.join(home, 'Library', 'Application Support', APP_DIR_NAME);
  return path.join(env.XDG_CONFIG_HOME || path.join(home, '.config'), APP_DIR_NAME);
}

/** `--data DIR` beats LEDGER_DATA_DIR beats the OS default. */
export function resolveDataDir(argv: string[], env = process.env): string {
  const i = argv.indexOf('--data');
  if (i >= 0 && argv[i + 1]) return path.resolve(argv[i + 1]);
  const eq = argv.find((a) => a.startsWith('--data='));
  if (eq) return path.resolve(eq.slice('--data='.length));
  if (env.LEDGER_DATA_DIR) return path.resolve(env.LEDGER_DATA_DIR);
  return defaultDataDir();
}
