const key = 'peregrine.lastSpeedLimit';

/** The last global limit set, so the switch can turn it back on after it was turned off (the service keeps only the current value). */
export function rememberedLimit(): number | null {
  const value = Number(localStorage.getItem(key));
  return Number.isSafeInteger(value) && value > 0 ? value : null;
}

export function rememberLimit(bytesPerSecond: number): void {
  if (bytesPerSecond > 0) localStorage.setItem(key, String(bytesPerSecond));
}
