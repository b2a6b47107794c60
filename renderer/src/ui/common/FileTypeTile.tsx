import { fileKind } from '../../../../app/ui/file-kind.js';

/**
 * The small coloured tile before a name; decorative, the name says the rest.
 * One element whose icon is a CSS mask (styles.css), since a list row mounts
 * by the dozen on every scroll frame.
 */
export function FileTypeTile({ name, group = false, large = false }: { readonly name: string; readonly group?: boolean; readonly large?: boolean }) {
  const kind = group ? 'group' : fileKind(name);
  return <span className={`ft ft-${kind}${large ? ' ft-lg' : ''}`} aria-hidden="true" />;
}
