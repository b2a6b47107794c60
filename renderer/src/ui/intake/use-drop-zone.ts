import { useEffect, useState } from 'react';
import { carriesLinks, droppedText } from './dropped-text.js';

/**
 * Drops anywhere on the window. Enters and leaves are counted, because every
 * child element the pointer crosses fires its own pair; the overlay shows
 * while the count is above zero, so it does not flicker.
 */
export function useDropZone(onText: (text: string) => void): boolean {
  const [dragging, setDragging] = useState(false);
  useEffect(() => {
    let depth = 0;
    const accepts = (event: DragEvent) => event.dataTransfer !== null && carriesLinks([...event.dataTransfer.types]);
    const enter = (event: DragEvent) => {
      if (!accepts(event)) return;
      event.preventDefault();
      depth += 1;
      setDragging(true);
    };
    const over = (event: DragEvent) => {
      if (!accepts(event) || event.dataTransfer === null) return;
      event.preventDefault();
      event.dataTransfer.dropEffect = 'copy';
    };
    const leave = (event: DragEvent) => {
      if (!accepts(event)) return;
      depth = Math.max(0, depth - 1);
      if (depth === 0) setDragging(false);
    };
    const drop = (event: DragEvent) => {
      if (!accepts(event) || event.dataTransfer === null) return;
      event.preventDefault();
      depth = 0;
      setDragging(false);
      void droppedText(event.dataTransfer).then(onText);
    };
    window.addEventListener('dragenter', enter);
    window.addEventListener('dragover', over);
    window.addEventListener('dragleave', leave);
    window.addEventListener('drop', drop);
    return () => {
      window.removeEventListener('dragenter', enter);
      window.removeEventListener('dragover', over);
      window.removeEventListener('dragleave', leave);
      window.removeEventListener('drop', drop);
    };
  }, [onText]);
  return dragging;
}
