/** The browser asks sites to save data (Data Saver, or the person's "lite mode"): no download that isn't needed now. */
export function asksToSaveData(): boolean {
  const connection = (navigator as Navigator & { connection?: { saveData?: boolean } }).connection;
  return connection?.saveData === true;
}
