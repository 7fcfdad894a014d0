/** A file the app fetches at run time (scripts/runtimeFiles.mjs): its content-hashed URL and its size in bytes. */
declare module '*?runtime' {
  const file: { readonly url: string; readonly bytes: number };
  export default file;
}
