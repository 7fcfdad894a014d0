/** Saving API keys in Settings, as a person does (the key check goes to the routed fake). */
import type { Page } from '@playwright/test';
import { expect } from './fixtures';
import { FAKE_GEMINI_KEY } from '../fakes/gemini.mjs';

export async function saveGeminiKey(page: Page, key = FAKE_GEMINI_KEY): Promise<void> {
  await page.getByRole('button', { name: 'Settings' }).click();
  const section = page.getByRole('region', { name: 'Gemini API key' });
  await section.getByPlaceholder('Paste your Gemini key').fill(key);
  await section.getByRole('button', { name: 'Check and save' }).click();
  await expect(page.getByTestId('gemini-key-status')).toBeVisible();
}
