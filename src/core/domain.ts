/**
 * What the app keeps and passes between its screens and its storage: settings, backgrounds,
 * results, unfinished jobs, the profile and what the keys paid for. Storage (services/storage)
 * keeps the schema and the migrations; these are the shapes both sides agree on.
 */
import type { BackgroundVerdict } from './backgroundScore';
import type { Trim } from './trim';
import { BUILTIN_BACKGROUNDS, BUILTIN_PREFIX } from './builtinBackgrounds';
import { DEFAULT_FAL_ENDPOINT } from './falEndpoints';
import { DEFAULT_BLUR_SIGMA } from './geometry';

/** Where a person's cut-out is made: on the device, or on fal.ai with their key. */
export type MattingKind = 'local' | 'fal';

/** Gemini image model id; model ids change, so it is a setting with this default. */
export const DEFAULT_GEMINI_MODEL = 'gemini-2.5-flash-image';

export interface StoredBackground {
  id: string;
  name: string;
  blob: Blob;
  width: number;
  height: number;
  createdAt: number;
}

export interface HistoryEntry {
  id: string;
  createdAt: number;
  inputName: string;
  input: Blob;
  output: Blob;
  backgroundName: string;
  /** The background's id (absent in entries from before it was kept): a built-in photo's credit is shown with it. */
  backgroundId?: string;
  blurSigma: number;
  durationSec: number;
  width: number;
  height: number;
  verdict: BackgroundVerdict | null;
  totalSec: number;
  /** Which pipeline made it (absent in entries from before it was kept). */
  pipeline?: 'webcodecs' | 'ffmpeg';
  /** Where in the input the video starts (a trimmed clip; absent: at its start). */
  startSec?: number;
  /** The name the person gave it (absent: its background and when it was made, see videoName). */
  title?: string;
}

/** What a video is called in My videos and in Storage: its own name, or its background and date. */
export function videoName(entry: Pick<HistoryEntry, 'title' | 'backgroundName' | 'createdAt'>): string {
  if (entry.title?.trim()) return entry.title.trim();
  const when = new Date(entry.createdAt).toLocaleString(undefined, { day: 'numeric', month: 'short', hour: 'numeric', minute: '2-digit' });
  return `${entry.backgroundName}, ${when}`;
}

/** The room a kept video takes: the video made and the clip it was made from (kept for Before). */
export function videoBytes(entry: Pick<HistoryEntry, 'input' | 'output'>): number {
  return entry.input.size + entry.output.size;
}

export interface Settings {
  backgroundId: string;
  blurSigma: number;
  /** Gemini image model id; model ids change, so it is a setting. */
  geminiModel: string;
  /** Cost guard: how many "make 5 new backgrounds" a day. */
  regenerationsPerDay: number;
  /** Where new videos are cut out by default. */
  mattingDefault: MattingKind;
  /** fal.ai endpoint id (see core/falEndpoints). */
  falEndpoint: string;
  /** Tint the person towards the background's colours (WebCodecs path; off by default). */
  colourMatch: boolean;
}

/**
 * A video being made, written when it starts and deleted when it ends (done, cancelled or
 * failed): one still here on a later visit, with no tab working on it, was interrupted by a
 * reload, a closed tab or a crash, and can be made again from what it kept.
 */
export interface UnfinishedJob {
  id: string;
  startedAt: number;
  inputName: string;
  input: Blob;
  backgroundId: string;
  blurSigma: number;
  colourMatch: boolean;
  matting: MattingKind;
  /** The fal.ai job submitted (and paid for) for it, so making it again fetches that result. */
  falRequest?: FalRequestRef;
  /** The draft it was made from: after a reload, the offer to make it again stands in for that draft. */
  draftId?: string;
  /** The part of a longer clip made (absent: all of it). */
  trim?: Trim;
}

/**
 * The clip picked in the wizard and not yet let go of (a new clip, or "Make another", replaces
 * it): kept so that a reload, a closed tab or a detour elsewhere in the app never loses it. The
 * clip and its choices are two records, so that a changed choice never rewrites the video.
 */
export interface DraftClip {
  id: string;
  input: Blob;
  inputName: string;
  savedAt: number;
}

export interface DraftChoices {
  draftId: string;
  /** Where the person chose to cut this clip out (absent: the settings' default). */
  matting?: MattingKind;
  /** The fal.ai job already paid for with this clip. */
  paidFal?: FalRequestRef;
  /** The video made from it, shown again on the Done step after a reload. */
  madeEntryId?: string;
  /** The part of a clip over 30 s to make. */
  trim?: Trim;
}

/** A fal.ai job by its request id, on the endpoint it ran on. */
export interface FalRequestRef {
  requestId: string;
  endpoint: string;
}

export type ApiService = 'gemini' | 'fal';
export interface StoredKey {
  service: ApiService;
  key: string;
  savedAt: number;
}

export type SlotStatus = 'pending' | 'generating' | 'ready' | 'failed';
export interface ProfileSlot {
  status: SlotStatus;
  /** Was being made when the page was left (reloaded, closed): the answer on its way was lost. */
  lost?: boolean;
  /** Plain words for a failed slot. */
  error?: string;
  updatedAt: number;
}

/** The person's profile: metadata here, images in `profileImages` (so status changes never rewrite images). */
export interface Profile {
  createdAt: number;
  selfieSize: { width: number; height: number };
  slots: ProfileSlot[];
}

/**
 * What the person's keys were made to pay for, kept apart from the profile so that deleting,
 * importing or replacing the profile never resets it: 'gemini-runs' holds the time of every run
 * that asked Gemini for a set of backgrounds (the daily cap and the cooldown count these).
 */
export interface SpendingLog {
  'gemini-runs': number[];
}

export interface ProfileImage {
  blob: Blob;
  width: number;
  height: number;
}

export const DEFAULT_SETTINGS: Settings = {
  backgroundId: `${BUILTIN_PREFIX}${BUILTIN_BACKGROUNDS[0]?.id ?? 'studio-grey'}`,
  blurSigma: DEFAULT_BLUR_SIGMA,
  geminiModel: DEFAULT_GEMINI_MODEL,
  regenerationsPerDay: 3,
  mattingDefault: 'local',
  falEndpoint: DEFAULT_FAL_ENDPOINT,
  colourMatch: false,
};
