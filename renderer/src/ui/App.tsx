import { lazy, Suspense, useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { Dialogs } from './Dialogs.js';
import { EmptyState } from './EmptyState.js';
import { ConnectionBanner } from './feedback/ConnectionBanner.js';
import { Toasts } from './feedback/Toasts.js';
import { DropOverlay } from './intake/DropOverlay.js';
import { useDropZone } from './intake/use-drop-zone.js';
import { useLinkIntake } from './intake/use-link-intake.js';
import { ListToolbar } from './list/ListToolbar.js';
import { TaskList } from './list/TaskList.js';
import { useApp, useServices } from './services.js';
import { Sidebar } from './sidebar/Sidebar.js';
import { StatusBar } from './status/StatusBar.js';
import { TopBar } from './top-bar/TopBar.js';
import { useDocumentClasses } from './use-document-classes.js';

// Loaded when first opened: the first paint never shows it (it brings the details' menu and segment bar).
const DetailsDock = lazy(() => import('./details/DetailsDock.js').then((module) => ({ default: module.DetailsDock })));

function isEditable(target: EventTarget | null): boolean {
  return target instanceof HTMLElement && (target.isContentEditable || target.closest('input, textarea, select') !== null);
}

/** Ctrl+N and Ctrl+F from anywhere; Ctrl+V outside text fields takes links like a drop. */
function useGlobalKeys(searchRef: React.RefObject<HTMLInputElement | null>, intake: (text: string) => void): void {
  const { store } = useServices();
  useEffect(() => {
    const keydown = (event: KeyboardEvent) => {
      if (!(event.ctrlKey || event.metaKey) || event.altKey) return;
      const key = event.key.toLowerCase();
      if (key === 'n') {
        event.preventDefault();
        store.getState().openDialog({ kind: 'add', text: '' });
      } else if (key === 'f') {
        event.preventDefault();
        searchRef.current?.focus();
        searchRef.current?.select();
      }
    };
    const paste = (event: ClipboardEvent) => {
      if (isEditable(event.target) || store.getState().dialog !== null) return;
      const text = event.clipboardData?.getData('text/plain') ?? '';
      if (text.trim() === '') return;
      event.preventDefault();
      intake(text);
    };
    window.addEventListener('keydown', keydown);
    document.addEventListener('paste', paste);
    return () => {
      window.removeEventListener('keydown', keydown);
      document.removeEventListener('paste', paste);
    };
  }, [store, searchRef, intake]);
}

function useTitle(): void {
  const { t } = useTranslation();
  const running = useApp((s) => s.stats?.byState.running ?? 0);
  useEffect(() => {
    document.title = t('app.title', { count: running });
  }, [t, running]);
}

function MainColumn() {
  const hasTasks = useApp((s) => s.tasks.size > 0 || s.groups.size > 0);
  const synced = useApp((s) => s.seq !== null);
  const detailsId = useApp((s) => s.detailsId);
  if (!synced) return <main className="main" id="task-list" aria-busy="true" />;
  return (
    <main className={`main${hasTasks ? '' : ' is-empty'}`} id="task-list">
      {hasTasks ? (
        <>
          <ListToolbar />
          <TaskList />
          {detailsId !== null && (
            <Suspense fallback={null}>
              <DetailsDock key={detailsId} id={detailsId} />
            </Suspense>
          )}
        </>
      ) : (
        <EmptyState />
      )}
    </main>
  );
}

export function App() {
  const searchRef = useRef<HTMLInputElement>(null);
  const intake = useLinkIntake();
  const dragging = useDropZone(intake);
  useGlobalKeys(searchRef, intake);
  useDocumentClasses();
  useTitle();
  return (
    <div className="app">
      <TopBar searchRef={searchRef} />
      <Sidebar />
      <div className="main-wrap">
        <ConnectionBanner />
        <MainColumn />
      </div>
      <StatusBar />
      {dragging && <DropOverlay />}
      <Dialogs />
      <Toasts />
    </div>
  );
}
