/**
 * build/electron-builder.yml: the packaging decisions the design requires (fuses, asar, targets,
 * Chinese installer, no publishing), checked line by line so a careless edit shows up in review.
 */
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { APP_ID, APP_TITLE } from '../../electron/main';

const ROOT = path.resolve(__dirname, '..', '..');
const yml = fs.readFileSync(path.join(ROOT, 'build', 'electron-builder.yml'), 'utf8');

/** Value of `key:` inside the top-level block `section:` (or at top level when section is null). */
function value(section: string | null, key: string): string | undefined {
  let text = yml;
  if (section) {
    const m = new RegExp(`^${section}:\\n((?:[ #].*\\n|\\n)*)`, 'm').exec(yml);
    if (!m) return undefined;
    text = m[1];
  }
  const indent = section ? '  ' : '';
  const m = new RegExp(`^${indent}${key}:\\s*(.*)$`, 'm').exec(text);
  return m?.[1].trim().replace(/^"(.*)"$/, '$1');
}

describe('electron-builder.yml', () => {
  it('names the app as the shell does', () => {
    expect(value(null, 'appId')).toBe(APP_ID);
    expect(value(null, 'productName')).toBe(APP_TITLE);
  });

  it('flips the security fuses', () => {
    expect(value('electronFuses', 'runAsNode')).toBe('false');
    expect(value('electronFuses', 'enableCookieEncryption')).toBe('true');
    expect(value('electronFuses', 'enableNodeOptionsEnvironmentVariable')).toBe('false');
    expect(value('electronFuses', 'enableNodeCliInspectArguments')).toBe('false');
    expect(value('electronFuses', 'enableEmbeddedAsarIntegrityValidation')).toBe('true');
    expect(value('electronFuses', 'onlyLoadAppFromAsar')).toBe('true');
    expect(value('electronFuses', 'grantFileProtocolExtraPrivileges')).toBe('false');
  });

  it('packs into asar, rebuilds natives, publishes nothing', () => {
    expect(value(null, 'asar')).toBe('true');
    expect(value(null, 'npmRebuild')).toBe('true');
    expect(value(null, 'publish')).toBe('null');
    expect(value('directories', 'buildResources')).toBe('build');
    for (const f of ['package.json', 'dist/renderer/**/*', 'dist-electron/**/*', 'node_modules/better-sqlite3/build/Release/better_sqlite3.node']) {
      expect(yml).toContain(`  - ${f}\n`);
    }
  });

  it('builds a Chinese assisted NSIS installer for x64 that keeps the data', () => {
    expect(yml).toMatch(/win:\n(?:  .*\n)*?    - target: nsis\n      arch:\n        - x64\n/);
    expect(value('nsis', 'oneClick')).toBe('false');
    expect(value('nsis', 'allowToChangeInstallationDirectory')).toBe('true');
    expect(value('nsis', 'language')).toBe('2052');
    expect(value('nsis', 'deleteAppDataOnUninstall')).toBe('false');
  });

  it('builds deb for x64 and arm64 in the Office category', () => {
    expect(yml).toMatch(/linux:\n(?:  .*\n)*?    - target: deb\n      arch:\n        - x64\n        - arm64\n/);
    expect(value('linux', 'category')).toBe('Office');
    expect(value('linux', 'maintainer')).toMatch(/<.+@.+>/);
  });

  it('is run by a pinned electron-builder through the dist scripts', () => {
    const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['electron-builder']).toMatch(/^\d+\.\d+\.\d+$/);
    expect(pkg.dependencies?.['electron-builder']).toBeUndefined();
    expect(pkg.scripts['dist:win']).toBe('node scripts/package-electron.mjs --win');
    expect(pkg.scripts['dist:linux']).toBe('node scripts/package-electron.mjs --linux');
    const script = fs.readFileSync(path.join(ROOT, 'scripts', 'package-electron.mjs'), 'utf8');
    expect(script).toContain("path.join('build', 'electron-builder.yml')");
    expect(script).not.toMatch(/npx\b/);
  });

  it('ships a 512×512 PNG icon', () => {
    const png = fs.readFileSync(path.join(ROOT, 'build', 'icon.png'));
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    expect(png.readUInt32BE(16)).toBe(512);
    expect(png.readUInt32BE(20)).toBe(512);
    expect(png.length).toBeLessThan(64 * 1024);
  });
});
