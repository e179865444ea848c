import { describe, expect, it } from "vitest";
import { collect } from "../../codes/codes-test-kit.js";
import { isOneCodeError } from "../../kernel/errors.js";
import {
  distributionTestKit,
  KIT_GTIN,
  rejectionOf,
} from "../distribution/distribution-test-kit.js";
import { serialTokenOf } from "./digital-link.js";

describe("Digital Links of codes", () => {
  it("gives a bound code's Digital Link with the batch's lot and expiry, and its EPC without the code", async () => {
    const kit = await distributionTestKit();
    const { onecode, admin } = kit;
    const { pkg, codes } = await kit.makePackage({ quantity: 3 });
    const code = codes[1]?.code as string;
    const token = serialTokenOf(pkg.id);
    const unbound = await onecode.digitalLinks.forCode(admin, code);
    expect(unbound).toMatchObject({
      batchId: null,
      digitalLink: `https://t.acme.example/01/0${KIT_GTIN}/21/${token}-2?oc=${code}`,
      lot: null,
      expiry: null,
    });
    const batch = await kit.makeBatch([pkg.id]);
    expect(await onecode.digitalLinks.forCode(admin, `https://t.acme.example/c/${code}`)).toEqual({
      code,
      packageId: pkg.id,
      serial: 2,
      level: "item",
      batchId: batch.id,
      digitalLink: `https://t.acme.example/01/0${KIT_GTIN}/10/${batch.batchNumber}/21/${token}-2?17=270401&oc=${code}`,
      epc: `https://id.gs1.org/01/0${KIT_GTIN}/21/${token}-2`,
      gtin: `0${KIT_GTIN}`,
      sscc: null,
      aiSerial: `${token}-2`,
      lot: batch.batchNumber,
      lotOmitted: null,
      expiry: "270401",
      codeUrl: `https://t.acme.example/c/${code}`,
    });
  });

  it("prints the text package and QR URLs in Digital Link form when asked", async () => {
    const kit = await distributionTestKit();
    const { onecode, admin } = kit;
    const { pkg, codes } = await kit.makePackage({ quantity: 3 });
    await kit.makeBatch([pkg.id]);
    const links = await Promise.all(
      codes.map(
        async (record) => (await onecode.digitalLinks.forCode(admin, record.code)).digitalLink,
      ),
    );
    const csv = (
      await collect(onecode.codePackages.exportCsv(admin, pkg.id, { url: "digital_link" }))
    )
      .join("")
      .trim()
      .split("\r\n");
    expect(csv.slice(1).map((line) => line.split(",")[3])).toEqual(links);
    expect(
      await onecode.codePackages.codeUrl(admin, codes[0] as never, { url: "digital_link" }),
    ).toBe(links[0]);
    // The default stays the code URL.
    expect(await onecode.codePackages.codeUrl(admin, codes[0] as never)).toBe(
      `https://t.acme.example/c/${codes[0]?.code}`,
    );
  });

  it("omits a batch number that is no AI 10 lot, and says why", async () => {
    const kit = await distributionTestKit();
    const { onecode, admin } = kit;
    const { pkg, codes } = await kit.makePackage({ quantity: 1 });
    const batch = await kit.makeBatch([pkg.id]);
    await onecode.traceBatches.update(admin, batch.id, { batchNumber: "龙井 2026 春" });
    const link = await onecode.digitalLinks.forCode(admin, codes[0]?.code as string);
    expect(link).toMatchObject({ lot: null, lotOmitted: "charset", expiry: "270401" });
    expect(link.digitalLink).not.toContain("/10/");
  });

  it("has no Digital Link for a product without GTIN, and refuses the Digital Link print form", async () => {
    const kit = await distributionTestKit();
    const { onecode, admin } = kit;
    const { pkg, codes } = await kit.makePackage({ productId: kit.plainProduct.id, quantity: 1 });
    const link = await onecode.digitalLinks.forCode(admin, codes[0]?.code as string);
    expect(link).toMatchObject({ digitalLink: null, gtin: null });
    expect(link.epc).toBe(`https://t.acme.example/epc/${serialTokenOf(pkg.id)}-1`);
    const refused = await rejectionOf(
      collect(onecode.codePackages.exportCsv(admin, pkg.id, { url: "digital_link" })),
    );
    expect(refused).toMatchObject({
      code: "VALIDATION_FAILED",
      details: { issues: [{ field: "url", rule: "gs1_key_required" }] },
    });
    const unknownForm = await rejectionOf(
      collect(onecode.codePackages.exportCsv(admin, pkg.id, { url: "qr" as never })),
    );
    expect(isOneCodeError(unknownForm, "VALIDATION_FAILED")).toBe(true);
  });

  it("answers NOT_FOUND for a code of another tenant", async () => {
    const kit = await distributionTestKit();
    const { codes } = await kit.makePackage({ quantity: 1 });
    const error = await rejectionOf(
      kit.onecode.digitalLinks.forCode(kit.staff("globex", "admin"), codes[0]?.code as string),
    );
    expect(isOneCodeError(error, "NOT_FOUND")).toBe(true);
  });
});
