import { Archive, Disc3, File, FileText, Film, Image, Layers, Music, Package, Database, type LucideIcon } from 'lucide-react';
import { fileKind, type FileKind } from '../../../../app/ui/file-kind.js';

const icons: Record<FileKind | 'group', LucideIcon> = {
  disc: Disc3,
  archive: Archive,
  video: Film,
  audio: Music,
  image: Image,
  doc: FileText,
  app: Package,
  data: Database,
  other: File,
  group: Layers,
};

/** The small coloured tile before a name; decorative, the name says the rest. */
export function FileTypeTile({ name, group = false, large = false }: { readonly name: string; readonly group?: boolean; readonly large?: boolean }) {
  const kind = group ? 'group' : fileKind(name);
  const Icon = icons[kind];
  return (
    <span className={`ft ft-${kind}${large ? ' ft-lg' : ''}`} aria-hidden="true">
      <Icon className="i" />
    </span>
  );
}
