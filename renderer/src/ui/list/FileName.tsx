import { splitNameForDisplay } from '../../../../app/ui/format.js';

/**
 * A download's name, cut within its stem so the extension stays in sight.
 * The stem takes its direction from its own first letters (dir="auto"): a
 * Hebrew or Arabic name keeps its start in view and is cut at its own end,
 * as a Latin one is.
 */
export function FileName({ name }: { readonly name: string }) {
  const { stem, extension } = splitNameForDisplay(name);
  return (
    <span className="fname file" title={name}>
      <span className="stem" dir="auto">
        {stem}
      </span>
      {extension !== '' && <span className="ext">{extension}</span>}
    </span>
  );
}
