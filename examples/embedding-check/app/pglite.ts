import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { migrate, postgresHotState, postgresStorage } from "@onecode/adapter-postgres";
import { createPgliteDb } from "@onecode/adapter-postgres/pglite";
import { createOneCode } from "@onecode/core";
import { ctx, newMerchant } from "./common.js";

const root = await mkdtemp(join(tmpdir(), "onecode-pglite-"));
try {
  // Two levels that do not exist yet: the guide says the folder is created when missing.
  const db = await createPgliteDb({ dataDir: join(root, "data", "nested", "pglite") });
  await migrate(db);
  const onecode = createOneCode({
    storage: postgresStorage({ db, ownsDb: true }),
    hotState: postgresHotState({ db }),
  });
  const merchant = await onecode.merchants.create(ctx, newMerchant);
  const read = await onecode.merchants.get(ctx, merchant.id);
  if (read.id !== merchant.id) throw new Error("merchant not read back");
  await onecode.close();
  console.log(`pglite: merchant ${merchant.id} in a nested dataDir`);
} finally {
  await rm(root, { recursive: true, force: true });
}
