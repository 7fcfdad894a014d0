/**
 * The wizard's draft: the clip picked and its choices, kept until a new clip or "Make another"
 * lets go of it. One draft for the app (the newest pick wins, in whichever tab it was made).
 */
import type { DraftChoices, DraftClip } from '../../core/domain';
import { db, newId } from './db';

export interface Draft {
  id: string;
  file: File;
  choices: Omit<DraftChoices, 'draftId'>;
}

const isClip = (v: DraftClip | DraftChoices | undefined): v is DraftClip => v !== undefined && 'input' in v;
const isChoices = (v: DraftClip | DraftChoices | undefined): v is DraftChoices => v !== undefined && 'draftId' in v;

/** Keeps a newly picked clip as the draft (its choices start empty); returns the draft's id. */
export async function saveDraftClip(file: File): Promise<string> {
  const clip: DraftClip = { id: newId(), input: file, inputName: file.name, savedAt: Date.now() };
  const tx = (await db()).transaction('draft', 'readwrite');
  await Promise.all([tx.store.put(clip, 'clip'), tx.store.delete('choices'), tx.done]);
  return clip.id;
}

/** Notes a choice made for the draft; ignored once the draft is another (a newer pick replaced it). */
export async function saveDraftChoices(draftId: string, patch: Partial<Omit<DraftChoices, 'draftId'>>): Promise<void> {
  const tx = (await db()).transaction('draft', 'readwrite');
  const [clip, old] = await Promise.all([tx.store.get('clip'), tx.store.get('choices')]);
  if (!isClip(clip) || clip.id !== draftId) return tx.done;
  const base: DraftChoices = isChoices(old) && old.draftId === draftId ? old : { draftId };
  await Promise.all([tx.store.put({ ...base, ...patch }, 'choices'), tx.done]);
}

export async function loadDraft(): Promise<Draft | null> {
  const tx = (await db()).transaction('draft');
  const [clip, choices] = await Promise.all([tx.store.get('clip'), tx.store.get('choices')]);
  if (!isClip(clip)) return null;
  const { draftId: _id, ...kept } = isChoices(choices) && choices.draftId === clip.id ? choices : { draftId: clip.id };
  const file = new File([clip.input], clip.inputName, { type: clip.input.type });
  return { id: clip.id, file, choices: kept };
}

/** Lets go of the draft (only this one: a newer pick, in another tab, stays). */
export async function discardDraft(draftId: string): Promise<void> {
  const tx = (await db()).transaction('draft', 'readwrite');
  const clip = await tx.store.get('clip');
  if (isClip(clip) && clip.id === draftId) await Promise.all([tx.store.delete('clip'), tx.store.delete('choices')]);
  await tx.done;
}
