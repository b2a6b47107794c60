// What main/preload/index.cts exposes on window.peregrine. The renderer cannot
// import from main/, so the shape is restated here; it will be derived from
// app/contract once the contract exists, and this file will go.
interface PeregrineApi {
  readonly platform: string;
}

interface Window {
  // Absent when the headless server serves this UI to a plain browser.
  readonly peregrine?: PeregrineApi;
}
