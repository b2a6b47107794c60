/** The separators of a path or an address; split on them, the pieces are kept apart. */
const separators = /([/\\])/;

/**
 * The engine's, the server's or a validator's own words, under ours: for a
 * report or a search, in the language they came in. Wrapped to a few lines;
 * the whole text on hover.
 *
 * Read left to right, and each piece between slashes on its own: two
 * Hebrew or Arabic folder names in a row would otherwise run together
 * right to left, slashes and all, and show the path's folders in reverse.
 */
export function TechnicalDetail({ text }: { readonly text: string }) {
  return (
    <span className="detail mono" dir="ltr" title={text}>
      {text.split(separators).map((piece, index) =>
        index % 2 === 1 || piece === '' ? (
          piece
        ) : (
          <bdi key={index} dir="ltr">
            {piece}
          </bdi>
        ),
      )}
    </span>
  );
}
