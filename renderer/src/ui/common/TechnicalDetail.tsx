/**
 * The engine's, the server's or a validator's own words, under ours: for a
 * report or a search, in the language they came in. Wrapped to a few lines;
 * the whole text on hover.
 */
export function TechnicalDetail({ text }: { readonly text: string }) {
  return (
    <span className="detail mono" title={text}>
      {text}
    </span>
  );
}
