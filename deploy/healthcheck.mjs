// The container's HEALTHCHECK: exit 0 when /readyz answers 200 (storage, and Redis when configured, reachable), else 1.
const port = process.env.LIGHTBOX_PORT ?? '8080';
try {
  const res = await fetch(`http://127.0.0.1:${port}/readyz`, { signal: AbortSignal.timeout(2500) });
  process.exit(res.ok ? 0 : 1);
} catch {
  process.exit(1);
}
