// Type declarations for scripts/patch-selfie-model.mjs (plain Node ESM).

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
}

export interface SelfieModelSpec {
  source: string;
  out: string;
  name: string;
  width: number;
  height: number;
}

/** ModelMetadata flatbuffer (file identifier "M001") for a selfie model. */
export function buildSelfieMetadata(options: SelfieModelOptions): Uint8Array;

/**
 * A copy of the TFLite model with TFLite metadata attached (a new buffer and a
 * Metadata entry named "TFLITE_METADATA"); the original model bytes are kept
 * unchanged, 16-byte aligned, at the end of the output.
 */
export function patchSelfieModel(inputBytes: Uint8Array, options: SelfieModelOptions): Uint8Array;

export const SELFIE_MODELS: readonly SelfieModelSpec[];

/** Directory of the installed @mediapipe/selfie_segmentation package. */
export function selfiePackageDir(): string;

/** Writes the two patched models and the licence note; returns the paths written. */
export function writePatchedModels(outDir: string): string[];
