import { PathText } from './PathText.js';

/**
 * The engine's, the server's or a validator's own words, under ours: for a
 * report or a search, in the language they came in. Wrapped to a few lines;
 * the whole text on hover. Read left to right, the paths in it as paths.
 */
export function TechnicalDetail({ text }: { readonly text: string }) {
  return (
    <span className="detail mono" dir="ltr" title={text}>
      <PathText text={text} />
    </span>
  );
}
