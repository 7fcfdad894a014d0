/** Turns the chosen background's id into an image the compositor can use. */
import { RestyleError } from '../core/errors';
import type { Size } from '../core/geometry';
import { getBackground } from '../services/storage/backgrounds';
import { PROFILE_PREFIX, loadSlotImage } from '../services/storage/profile';
import { BUILTIN_PREFIX, findBuiltin } from '../core/builtinBackgrounds';
import { builtinImage } from './builtinImage';

export { BUILTIN_PREFIX };

export interface BackgroundImage {
  name: string;
  blob: Blob;
  size: Size;
}

/** Drawn built-ins are drawn at the output size; photos, uploaded and generated images are fitted by the compositor. */
export async function resolveBackground(id: string, output: Size): Promise<BackgroundImage> {
  if (id.startsWith(BUILTIN_PREFIX)) {
    const builtin = findBuiltin(id.slice(BUILTIN_PREFIX.length));
    if (builtin) return { name: builtin.name, ...(await builtinImage(builtin, output)) };
  } else if (id.startsWith(PROFILE_PREFIX)) {
    const index = Number(id.slice(PROFILE_PREFIX.length));
    const image = Number.isInteger(index) ? await loadSlotImage(index) : undefined;
    if (image) return { name: `Your background ${index + 1}`, blob: image.blob, size: { width: image.width, height: image.height } };
  } else {
    const stored = await getBackground(id);
    if (stored) return { name: stored.name, blob: stored.blob, size: { width: stored.width, height: stored.height } };
  }
  throw new RestyleError('bad-image', 'The background you chose is no longer saved. Pick another one.');
}
