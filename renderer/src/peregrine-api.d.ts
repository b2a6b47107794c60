// What main/preload exposes on window.peregrine: the same contract client the
// WebSocket gives, plus the host services a browser cannot offer.
import type { ContractClient } from '../../app/contract/messages.js';
import type { HostBridge } from './host/host-services.js';

declare global {
  interface Window {
    // Absent when the headless server serves this UI to a plain browser.
    readonly peregrine?: ContractClient & { readonly host?: HostBridge };
  }
}
