/** Text files larger than this are not lists of links; they are not read. */
const maxListBytes = 4 * 1024 * 1024;

/** Whether a drag carries something links can be read from. */
export function carriesLinks(types: readonly string[]): boolean {
  return types.includes('text/uri-list') || types.includes('text/plain') || types.includes('Files');
}

/** Links first (text/uri-list), then selected text, then .txt files, as the notes on drop targets advise. */
export async function droppedText(data: DataTransfer): Promise<string> {
  const uriList = data.getData('text/uri-list');
  if (uriList.trim() !== '') return uriList;
  const plain = data.getData('text/plain');
  if (plain.trim() !== '') return plain;
  const lists = [...data.files].filter((file) => (file.type === 'text/plain' || file.name.toLowerCase().endsWith('.txt')) && file.size <= maxListBytes);
  const texts = await Promise.all(lists.map((file) => file.text()));
  return texts.join('\n');
}
