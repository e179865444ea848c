import { createHash } from "node:crypto";
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/** One versioned SQL migration file, e.g. `0001_catalog.sql`. */
export interface MigrationFile {
  /** The number before the first underscore. */
  readonly version: number;
  /** The rest of the file name, e.g. `catalog`. */
  readonly name: string;
  /** SHA-256 (hex) of the script with line endings normalised to `\n`. */
  readonly checksum: string;
  readonly sql: string;
}

const FILE_PATTERN = /^(\d{4,})_([a-z0-9_]+)\.sql$/;

/** Reads every `NNNN_name.sql` file of `directory`, ordered by version. */
export async function loadMigrationFiles(directory: URL): Promise<MigrationFile[]> {
  const path = fileURLToPath(directory);
  const files: MigrationFile[] = [];
  for (const entry of (await readdir(path)).sort()) {
    const match = FILE_PATTERN.exec(entry);
    if (!match) continue;
    // Normalised so a checkout with CRLF line endings does not look like an edited migration.
    const sql = (await readFile(new URL(entry, directory), "utf8")).replace(/\r\n/g, "\n");
    files.push({
      version: Number(match[1]),
      name: match[2] as string,
      checksum: createHash("sha256").update(sql).digest("hex"),
      sql,
    });
  }
  files.sort((a, b) => a.version - b.version);
  for (let i = 1; i < files.length; i++) {
    if (files[i]?.version === files[i - 1]?.version) {
      throw new Error(`Two migration files in ${path} share version ${files[i]?.version}`);
    }
  }
  return files;
}
