// Dark mode follows the system: Bootstrap 5.3 colour modes read `data-bs-theme` on <html>.
// Bundled, not inline, so a CSP with script-src 'self' allows it.

const DARK = '(prefers-color-scheme: dark)';

export function followSystemTheme(root: HTMLElement = document.documentElement): void {
  const query = window.matchMedia(DARK);
  const apply = (): void => root.setAttribute('data-bs-theme', query.matches ? 'dark' : 'light');
  apply();
  query.addEventListener('change', apply);
}
