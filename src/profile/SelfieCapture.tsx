import { useEffect, useRef, useState } from 'react';
import { plainMessage } from '../core/errors';
import type { ProfileImage } from '../core/domain';
import { decodeSelfie, snapSelfie } from '../media/pictures';
import { FilePickButton } from '../ui/FilePickButton';

const PHOTO_TYPES = 'image/jpeg,image/png,image/webp';

interface Props {
  onSelfie(selfie: ProfileImage): void;
}

/** A selfie from the front camera, or a photo file (which on phones also offers the camera). */
export function SelfieCapture({ onSelfie }: Props) {
  const video = useRef<HTMLVideoElement>(null);
  const [stream, setStream] = useState<MediaStream | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    if (video.current && stream) video.current.srcObject = stream;
    return () => stream?.getTracks().forEach((t) => t.stop());
  }, [stream]);

  async function openCamera() {
    setError(null);
    try {
      setStream(await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'user', width: { ideal: 1280 } }, audio: false }));
    } catch {
      setError("We couldn't open the camera. Allow camera access, or choose a photo instead.");
    }
  }

  async function snap() {
    const v = video.current;
    if (!v || !v.videoWidth) return;
    let selfie: ProfileImage;
    try {
      selfie = await snapSelfie(v);
    } catch (err) {
      console.warn('camera snapshot failed:', err);
      setError("We couldn't take the photo. Try again, or choose a photo instead.");
      return;
    }
    stream?.getTracks().forEach((t) => t.stop());
    setStream(null);
    onSelfie(selfie);
  }

  async function choose(file: File) {
    setError(null);
    try {
      onSelfie(await decodeSelfie(file));
    } catch (err) {
      setError(plainMessage(err));
    }
  }

  return (
    <div className="selfie-capture">
      {stream ? (
        <>
          <video ref={video} className="camera" autoPlay playsInline muted aria-label="Camera preview" />
          <div className="actions">
            <button type="button" className="secondary" onClick={() => setStream(null)}>
              Cancel
            </button>
            <button type="button" className="primary" onClick={() => void snap()}>
              Take photo
            </button>
          </div>
        </>
      ) : (
        <div className="actions start">
          {'mediaDevices' in navigator ? (
            <button type="button" className="primary" onClick={() => void openCamera()}>
              Use the camera
            </button>
          ) : (
            // No camera API (old browsers, some in-app webviews): the phone's own camera app via the picker.
            <FilePickButton className="primary" accept={PHOTO_TYPES} capture="user" onFile={(f) => void choose(f)}>
              Take a photo
            </FilePickButton>
          )}
          <FilePickButton className="secondary" accept={PHOTO_TYPES} testId="selfie-input" onFile={(f) => void choose(f)}>
            Choose a photo
          </FilePickButton>
        </div>
      )}
      {error && (
        <p className="alert error" role="alert">
          {error}
        </p>
      )}
    </div>
  );
}
