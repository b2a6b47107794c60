/** The separators of a path or an address; split on them, the pieces are kept apart. */
const separators = /([/\\])/;

/**
 * A path (or words with paths in them) read left to right, each piece between
 * slashes on its own: two Hebrew or Arabic folder names in a row would
 * otherwise run together right to left, slashes and all, and show the
 * folders in reverse. The text itself is unchanged, for copying.
 */
export function PathText({ text }: { readonly text: string }) {
  return (
    <bdi dir="ltr">
      {text.split(separators).map((piece, index) =>
        index % 2 === 1 || piece === '' ? (
          piece
        ) : (
          <bdi key={index} dir="ltr">
            {piece}
          </bdi>
        ),
      )}
    </bdi>
  );
}
