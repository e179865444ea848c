import { createOneCode } from "@onecode/core";
import { ctx, newMerchant } from "./common.js";

const onecode = createOneCode();
const merchant = await onecode.merchants.create(ctx, newMerchant);
const read = await onecode.merchants.get(ctx, merchant.id);
if (read.name !== newMerchant.name) throw new Error("merchant not read back");
await onecode.close();
console.log(`memory: merchant ${merchant.id}`);
