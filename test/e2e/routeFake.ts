/** Answers a Playwright route with a framework-free fake service (test/fakes/*.mjs). */
import type { Route } from '@playwright/test';

export interface FakeAnswer {
  status: number;
  headers: Record<string, string>;
  body: string | Uint8Array;
  delayMs: number;
  drop?: boolean;
}

type Handle = (req: { method: string; url: string; headers: Record<string, string>; body?: Uint8Array }) => FakeAnswer;

export async function answerFromFake(route: Route, handle: Handle, extraHeaders: Record<string, string> = {}): Promise<void> {
  const request = route.request();
  const res = handle({ method: request.method(), url: request.url(), headers: request.headers(), body: request.postDataBuffer() ?? undefined });
  if (res.delayMs > 0) await new Promise((r) => setTimeout(r, res.delayMs));
  if (res.drop) {
    await route.abort('connectionreset');
    return;
  }
  await route.fulfill({
    status: res.status,
    headers: { ...res.headers, ...extraHeaders },
    body: typeof res.body === 'string' ? res.body : Buffer.from(res.body),
  });
}
