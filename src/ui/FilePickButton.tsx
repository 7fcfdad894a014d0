import type { ReactNode } from 'react';

interface Props {
  accept: string;
  className: string;
  onFile(file: File): void;
  children: ReactNode;
  /** Phones open the camera for this (front camera for "user"). */
  capture?: 'user' | 'environment';
  disabled?: boolean;
  testId?: string;
}

/**
 * A button that opens the file picker: a label the person taps, wrapping a hidden file input.
 * The input is cleared after each pick, so picking the same file twice still counts.
 */
export function FilePickButton({ accept, className, onFile, children, capture, disabled, testId }: Props) {
  return (
    <label className={className} aria-disabled={disabled}>
      {children}
      <input
        type="file"
        accept={accept}
        capture={capture}
        className="visually-hidden"
        disabled={disabled}
        data-testid={testId}
        onChange={(e) => {
          const file = e.target.files?.[0];
          e.target.value = '';
          if (file) onFile(file);
        }}
      />
    </label>
  );
}
