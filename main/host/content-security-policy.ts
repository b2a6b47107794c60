// Only the app's own bundled files may load; no inline code, no remote content.
// renderer/index.html repeats it in a meta tag, minus frame-ancestors, which a
// meta tag cannot set.
export const contentSecurityPolicy = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');
