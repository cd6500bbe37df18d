/** Static files shipped with the app; one level above both src/ and dist/. */
export const PUBLIC_DIR = new URL('../public/', import.meta.url);
