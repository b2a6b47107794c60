/**
 * Types a download manager must never open by itself: programs, scripts,
 * installers and shortcuts. Chromium's DISALLOW_AUTO_OPEN list
 * (download_file_types.asciipb), plus AppImage, which it lacks.
 */
const neverOpenByItself = new Set([
  'exe', 'com', 'scr', 'pif', 'bat', 'cmd', 'msi', 'msp', 'cpl', 'inf', 'reg', 'lnk', 'url', 'hta',
  'js', 'jse', 'vbs', 'vbe', 'wsf', 'wsh', 'ps1', 'psm1', 'msc', 'scf', 'dll', 'sys', 'ocx', 'application', 'appref-ms', 'gadget', 'msix', 'msixbundle', 'appx', 'appxbundle',
  'jar', 'jnlp', 'class', 'py', 'pyw', 'pl', 'rb',
  'dmg', 'pkg', 'mpkg', 'app', 'command', 'applescript', 'scpt', 'mobileconfig', 'terminal', 'workflow',
  'deb', 'rpm', 'run', 'sh', 'bash', 'csh', 'ksh', 'zsh', 'desktop', 'apk', 'appimage', 'snap', 'flatpakref',
  // A partial file is not the download.
  'part', 'download',
]);

/**
 * Whether "open when done" may open this file. The name is read as a file
 * manager would: control characters dropped, trailing dots and spaces removed
 * (Windows ignores them, so `setup.exe.` runs as `setup.exe`), case ignored.
 * A name without an extension is not opened either: nothing says what it is.
 */
export function mayOpenByItself(fileName: string): boolean {
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is removed
  const name = fileName.replace(/[\u0000-\u001f\u007f-\u009f\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, '').replace(/[. ]+$/, '');
  const base = name.slice(Math.max(name.lastIndexOf('/'), name.lastIndexOf('\\')) + 1);
  const dot = base.lastIndexOf('.');
  if (dot <= 0 || dot === base.length - 1) return false;
  // An NTFS stream (`a.txt:evil.exe`) never survives the engine's sanitising; refuse it anyway.
  if (base.includes(':')) return false;
  return !neverOpenByItself.has(base.slice(dot + 1).toLowerCase());
}
