// Type declarations for scripts/patch-mediapipe-models.mjs (plain Node ESM).

export interface SelfieModelOptions {
  /** Model name written into the ModelMetadata. */
  name: string;
  /** Input width of the model in pixels (256 for both selfie models). */
  width: number;
  /** Input height of the model in pixels (256 square, 144 landscape). */
  height: number;
  /** Input normalisation (x - mean) / std on 0..255 pixels; default 0. */
  mean?: number;
  /** Input normalisation (x - mean) / std on 0..255 pixels; default 255. */
  std?: number;
  /** ModelMetadata description; defaults to the selfie model's. */
  description?: string;
  /** Description of the output tensor. */
  outputDescription?: string;
  /** With two outputs kept: what the first one (a score, e.g. the pose flag) is. */
  scoreDescription?: string;
  /** Keep only the output tensors of these names, in this order (the pose model's flag and segmentation). */
  keepOutputs?: string[];
}

export interface SelfieModelSpec extends SelfieModelOptions {
  source: string;
  out: string;
}

/** ModelMetadata flatbuffer (file identifier "M001") for a selfie model. */
export function buildSelfieMetadata(options: SelfieModelOptions): Uint8Array;

/**
 * A copy of the TFLite model with TFLite metadata attached (a new buffer and a
 * Metadata entry named "TFLITE_METADATA"); the original model bytes are kept
 * unchanged, 16-byte aligned, at the end of the output.
 */
export function patchSegmentationModel(inputBytes: Uint8Array, options: SelfieModelOptions): Uint8Array;

export const SELFIE_MODELS: readonly SelfieModelSpec[];
export const POSE_MODELS: readonly SelfieModelSpec[];

/** Directory of an installed npm package. */
export function packageDir(name: string): string;

/** Writes the patched models and a licence note per package; returns the paths written. */
export function writePatchedModels(outDir: string): string[];
