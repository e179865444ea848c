import { streamZip, type ZipFileSource } from "../../src/zip/zip-writer.js";

/**
 * Builds a ZIP in memory from name → content (strings are UTF-8), deflated
 * unless `store`, with the package's own writer. Names ending in `/` become
 * empty directory entries.
 */
export async function buildZip(
  files: Readonly<Record<string, string | Uint8Array>>,
  options: { store?: boolean } = {},
): Promise<Uint8Array> {
  const entries: ZipFileSource[] = Object.entries(files).map(([name, content]) => ({
    name,
    compress: !options.store && !name.endsWith("/"),
    open: () => (typeof content === "string" ? new TextEncoder().encode(content) : content),
  }));
  const stream = await streamZip(async function* () {
    yield entries;
  });
  return new Uint8Array(await new Response(stream).arrayBuffer());
}
