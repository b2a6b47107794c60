// CommonJS because sandboxed preloads cannot be ES modules.
import electron = require('electron');

// Plain data only; nothing that reaches Node or IPC directly. The real surface
// will be typed from app/contract; renderer/src/peregrine-api.d.ts mirrors it.
electron.contextBridge.exposeInMainWorld('peregrine', {
  platform: process.platform,
});
