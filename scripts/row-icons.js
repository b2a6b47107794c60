// Writes the icons the task list draws as CSS masks (renderer/src/icons/*.svg)
// from lucide's icon data, so a row costs one element per icon instead of an
// SVG subtree built by React. Rerun after upgrading lucide-react.
// Usage: node scripts/row-icons.js
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const names = [
  // File kinds (the type tile).
  'disc-3', 'archive', 'film', 'eighth-notes', 'image', 'file-text', 'package', 'database', 'file', 'layers',
  // Task states.
  'circle-arrow-down', 'clock', 'pause', 'rotate-cw', 'wifi-off', 'octagon-exclamation-point', 'circle-check', 'ban',
];

const outDir = fileURLToPath(new URL('../renderer/src/icons/', import.meta.url));
const escape = (value) => String(value).replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

for (const name of names) {
  const { __iconData: data } = await import(`lucide-react/icons/${name}`);
  const children = data.node
    .map(([tag, attributes]) => {
      const pairs = Object.entries(attributes).filter(([key]) => key !== 'key');
      return `<${tag} ${pairs.map(([key, value]) => `${key}="${escape(value)}"`).join(' ')}/>`;
    })
    .join('');
  // Black on transparent: a mask only reads the alpha. Stroke 1.5 as the app's other icons.
  const svg =
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" fill="none" stroke="#000" stroke-width="1.5" stroke-linecap="round" stroke-linejoin="round">` +
    `${children}</svg>\n`;
  writeFileSync(path.join(outDir, `${name}.svg`), svg);
}
console.log(`${names.length} icons in ${outDir}`);
