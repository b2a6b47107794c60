/** The tile a file name gets in the list: a colour and shape per family, never the only signal. */
export type FileKind = 'disc' | 'archive' | 'video' | 'audio' | 'image' | 'doc' | 'app' | 'data' | 'other';

const byExtension: Readonly<Record<string, FileKind>> = {
  iso: 'disc', img: 'disc', dmg: 'disc',
  zip: 'archive', tar: 'archive', gz: 'archive', tgz: 'archive', xz: 'archive', bz2: 'archive', zst: 'archive', '7z': 'archive', rar: 'archive',
  mp4: 'video', mkv: 'video', webm: 'video', mov: 'video', avi: 'video',
  mp3: 'audio', flac: 'audio', ogg: 'audio', opus: 'audio', wav: 'audio', m4a: 'audio',
  png: 'image', jpg: 'image', jpeg: 'image', gif: 'image', webp: 'image', svg: 'image', avif: 'image',
  pdf: 'doc', epub: 'doc', doc: 'doc', docx: 'doc', odt: 'doc', txt: 'doc', md: 'doc',
  exe: 'app', msi: 'app', deb: 'app', rpm: 'app', apk: 'app', appimage: 'app', pkg: 'app',
  csv: 'data', json: 'data', parquet: 'data', sqlite: 'data', db: 'data', xml: 'data', bin: 'data',
};

export function fileKind(name: string): FileKind {
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return 'other';
  return byExtension[name.slice(dot + 1).toLowerCase()] ?? 'other';
}
