/**
 * A full disk mid-save, for real: Chromium's own quota for the app's origin is set below what it
 * already exceeds (DevTools' Storage.overrideQuotaForOrigin), so IndexedDB itself refuses the write
 * with QuotaExceededError, as on a full phone. Each save says so in plain words, keeps what was
 * stored before, and leaves no half-written record. (Saving a finished video when the disk is
 * full is in restyle-flow.spec.ts.)
 */
import type { CDPSession, Page } from '@playwright/test';
import { test, expect } from './fixtures';
import { routeGemini } from './geminiRoute';
import { saveGeminiKey } from './keys';
import { clip } from './media';
import { BACKGROUND_COUNT } from '../../src/core/backgroundPrompts';

const SELFIE = '/usr/share/matplotlib/mpl-data/sample_data/grace_hopper.jpg';
const OTHER_SELFIE = 'test/fixtures/out/corpus/exif-rotated.jpg';

/**
 * Fills the disk for this origin (a quota of one byte: every write that adds anything fails) or,
 * with false, lifts the limit. The override lasts as long as its DevTools session, so the session
 * is kept until the limit is lifted.
 */
const sessions = new WeakMap<Page, CDPSession>();
async function diskFull(page: Page, appUrl: string, full: boolean): Promise<void> {
  const origin = new URL(appUrl).origin;
  let cdp = sessions.get(page);
  if (!cdp) {
    cdp = await page.context().newCDPSession(page);
    sessions.set(page, cdp);
  }
  if (!full) {
    await cdp.send('Storage.overrideQuotaForOrigin', { origin });
    await cdp.detach();
    sessions.delete(page);
    return;
  }
  await cdp.send('Storage.overrideQuotaForOrigin', { origin, quotaSize: 1 });
  // IndexedDB learns its room left a moment later: wait until a write is refused.
  await expect.poll(() => page.evaluate(probeWrite), { timeout: 15_000 }).toBe('QuotaExceededError');
}

/** Writes 64 KB to a scratch database and says how it went ('ok' or the error's name); leaves nothing behind. */
function probeWrite(): Promise<string> {
  return new Promise((resolve) => {
    const open = indexedDB.open('quota-probe');
    open.onupgradeneeded = () => open.result.createObjectStore('s');
    open.onerror = () => resolve(open.error?.name ?? 'error');
    open.onsuccess = () => {
      const db = open.result;
      const tx = db.transaction('s', 'readwrite');
      tx.objectStore('s').put(new Uint8Array(65536), 'k');
      const done = (result: string) => {
        db.close();
        indexedDB.deleteDatabase('quota-probe');
        resolve(result);
      };
      tx.oncomplete = () => done('ok');
      tx.onabort = () => done(tx.error?.name ?? 'AbortError');
    };
  });
}

/** One store's records, read straight from IndexedDB: each key, with its picture's byte size if it has one. */
async function storeKeys(page: Page, store: string): Promise<string[]> {
  return page.evaluate(
    (name) =>
      new Promise<string[]>((resolve, reject) => {
        const open = indexedDB.open('restyle');
        open.onerror = () => reject(open.error);
        open.onsuccess = () => {
          const tx = open.result.transaction(name);
          const keys = tx.objectStore(name).getAllKeys();
          const values = tx.objectStore(name).getAll();
          tx.oncomplete = () => {
            resolve(
              keys.result.map((k, i) => {
                const blob = (values.result[i] as { blob?: Blob } | undefined)?.blob;
                const key = typeof k === 'string' ? k : JSON.stringify(k);
                return blob instanceof Blob ? `${key}:${blob.size}` : key;
              }),
            );
            open.result.close();
          };
          tx.onerror = () => reject(tx.error);
        };
      }),
    store,
  );
}

test('a full disk when adding a background or changing a setting: plain words, nothing changed, nothing half-saved', async ({ page, appUrl }) => {
  await page.goto(appUrl);
  const backgroundsBefore = await storeKeys(page, 'backgrounds');
  // Full before the clip is picked: Chromium's quota override stops holding once a blob is stored.
  await diskFull(page, appUrl, true);
  // A clip that can't be kept as a draft is still taken.
  await page.getByTestId('video-input').setInputFiles(clip('person-720p.mp4').path);
  await expect(page.getByRole('heading', { name: 'Choose a background' })).toBeVisible();

  await page.getByTestId('background-input').setInputFiles(SELFIE);
  await expect(page.getByRole('alert')).toContainText('out of space', { timeout: 20_000 });
  await expect(page.getByRole('radio', { name: 'grace_hopper.jpg' })).toHaveCount(0);

  const box = page.getByRole('checkbox', { name: 'Match my colours to the background' });
  // Not box.check(): the box goes back at once, which check() would take for a missed click.
  await box.click();
  await expect(page.getByTestId('save-problem')).toContainText('out of space');
  // The view goes back to what is stored.
  await expect(box).not.toBeChecked();

  await diskFull(page, appUrl, false);
  await page.reload();
  expect(await storeKeys(page, 'backgrounds')).toEqual(backgroundsBefore);
  expect(await storeKeys(page, 'draft')).toEqual([]);
  // No draft could be kept: the start, where the same clip is picked again.
  await page.getByTestId('video-input').setInputFiles(clip('person-720p.mp4').path);
  await expect(page.getByRole('radio', { name: 'grace_hopper.jpg' })).toHaveCount(0);
  await expect(page.getByRole('checkbox', { name: 'Match my colours to the background' })).not.toBeChecked();

  // With room again, the same picture is taken: the refusal was the disk, not the picture.
  await page.getByTestId('background-input').setInputFiles(SELFIE);
  await expect(page.getByRole('radio', { name: 'grace_hopper.jpg' })).toHaveAttribute('aria-checked', 'true', { timeout: 20_000 });
});

test('a full disk when replacing the selfie: nothing is sent, the old selfie and its five backgrounds stay', async ({ page, context, appUrl }) => {
  // Once an API key has been checked, DevTools' quota override stops taking effect in this
  // Chromium (measured: every later write succeeds), so here the profile store itself refuses the
  // write, from script, when told to. Harsher than a real full disk: the refusal comes part way
  // through the transaction (after the old pictures were cleared and the new selfie put), so only
  // aborting the whole transaction keeps the old profile.
  await page.addInitScript(() => {
    const put = IDBObjectStore.prototype.put;
    IDBObjectStore.prototype.put = function (this: IDBObjectStore, ...args: Parameters<typeof put>) {
      if (this.name === 'profile' && localStorage.getItem('test-disk-full') === 'yes') {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      }
      return put.apply(this, args);
    };
  });
  const gemini = await routeGemini(context);
  const t0 = Date.parse('2026-12-01T09:00:00Z');
  await page.clock.setFixedTime(t0);
  await page.goto(appUrl);
  await saveGeminiKey(page);
  await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  await page.getByTestId('selfie-input').setInputFiles(SELFIE);
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
  for (let i = 0; i < BACKGROUND_COUNT; i++) await expect(page.getByTestId(`slot-${i}`)).toHaveAttribute('data-status', 'ready', { timeout: 30_000 });
  const generated = gemini.counts.generate;
  const imagesBefore = await storeKeys(page, 'profileImages');

  await page.evaluate(() => localStorage.setItem('test-disk-full', 'yes'));
  // Past the cooldown after the first set, so only the disk can refuse the replaced selfie's run.
  await page.clock.setFixedTime(t0 + 2 * 60_000);
  await page.getByRole('button', { name: 'Replace selfie' }).click();
  await page.getByTestId('selfie-input').setInputFiles(OTHER_SELFIE);
  await page.getByRole('button', { name: 'Send and make backgrounds' }).click();
  await expect(page.getByRole('alert')).toContainText('out of space', { timeout: 20_000 });
  expect(gemini.counts.generate, 'nothing sent to Gemini').toBe(generated);

  await page.evaluate(() => localStorage.removeItem('test-disk-full'));
  await page.reload();
  await page.getByRole('button', { name: 'Backgrounds', exact: true }).click();
  for (let i = 0; i < BACKGROUND_COUNT; i++) await expect(page.getByTestId(`slot-${i}`)).toHaveAttribute('data-status', 'ready');
  // The same selfie and five pictures, byte for byte in size: the failed save changed nothing.
  expect(await storeKeys(page, 'profileImages')).toEqual(imagesBefore);
  expect(imagesBefore).toHaveLength(BACKGROUND_COUNT + 1);
});
