/** An object whose fields can be read one by one (parsed JSON, a thrown value) before they are trusted. */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}
