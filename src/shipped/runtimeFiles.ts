/**
 * The third-party files the app fetches at run time, as the build ships them: content-hashed
 * URLs (a cache keeps them for good; nothing is fetched twice) and their sizes (for progress).
 * The workers load them; the page only names them (what to fetch first, what is stored offline).
 */
import visionLoader from '@mediapipe/tasks-vision/vision_wasm_module_internal.js?runtime';
import visionWasm from '@mediapipe/tasks-vision/vision_wasm_module_internal.wasm?runtime';
import selfieLandscape from '@restyle-models/selfie_landscape.tflite?runtime';
import selfieSquare from '@restyle-models/selfie_square.tflite?runtime';
import poseSegmenter from '@restyle-models/pose_segmenter_lite.tflite?runtime';
import ffmpegCore from '@ffmpeg/core?runtime';
import ffmpegWasm from '@ffmpeg/core/wasm?runtime';

export interface RuntimeFile {
  readonly url: string;
  readonly bytes: number;
}

/** MediaPipe Tasks Vision's module build: the segmenter's runtime. */
export const VISION = { loader: visionLoader, wasm: visionWasm } as const;

/** The segmentation models, by the name the matte uses. */
export const MODELS = { landscape: selfieLandscape, square: selfieSquare, pose: poseSegmenter } as const;

/** ffmpeg.wasm's single-thread core: only for clips the browser's own decoder can't take. */
export const FFMPEG = { core: ffmpegCore, wasm: ffmpegWasm } as const;
