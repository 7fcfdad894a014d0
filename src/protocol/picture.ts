/** The picture worker's interface (comlink): selfies, uploaded backgrounds and generated pictures, checked and decoded off the page. */
import type { ProfileImage } from '../core/domain';
import type { Size } from '../core/geometry';
import type { Outcome } from './outcome';

export interface CheckedImage {
  blob: Blob;
  size: Size;
}

export interface PictureApi {
  /** An uploaded background: checked, upright, flattened onto white, at most 4096 px. */
  background(file: Blob): Promise<Outcome<CheckedImage>>;
  /** A selfie file: checked, upright, a JPEG at most 1024 px. */
  selfie(file: Blob): Promise<Outcome<ProfileImage>>;
  /** A camera frame (transferred): upright already, a JPEG at most 1024 px. */
  selfieFrame(frame: ImageBitmap): Promise<Outcome<ProfileImage>>;
  /** A generated picture's size, after its bytes are sniffed as a picture. */
  size(blob: Blob): Promise<Outcome<Size>>;
}
