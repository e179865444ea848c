import { describe, expect, it } from "vitest";
import { canonicalGs1Uri } from "../gs1/gs1-uri.js";
import { traced } from "./scan-test-kit.js";

/** A printed Digital Link with its parts replaced. */
function altered(link: string, change: (url: URL) => void): string {
  const url = new URL(link);
  change(url);
  return url.toString();
}

describe("scanned Digital Links", () => {
  it("verify when their GS1 key and their code name the same item", async () => {
    const kit = await traced();
    const link = (await kit.onecode.digitalLinks.forCode(kit.admin, kit.code(2))).digitalLink;
    const result = await kit.scan(link as string);
    expect(result).toMatchObject({ verdict: "genuine", product: { gtin: "6901234567892" } });
    expect(result.distribution).not.toEqual([]);
  });

  it("do not verify when the key names another item than the code: unverified, nothing shown, recorded", async () => {
    const kit = await traced();
    const own = (await kit.onecode.digitalLinks.forCode(kit.admin, kit.code(2)))
      .digitalLink as string;
    const other = (await kit.onecode.digitalLinks.forCode(kit.admin, kit.code(3)))
      .aiSerial as string;
    // Another item's serial with this item's code.
    const swapped = own.replace(/\/21\/[^?]+/, `/21/${other}`);
    const result = await kit.scan(swapped);
    expect(result).toMatchObject({
      verdict: "unverified",
      batchState: null,
      product: null,
      batch: null,
    });
    expect(result.distribution).toEqual([]);
    // Another lot, another GTIN.
    expect((await kit.scan(own.replace(/\/10\/[^/]+/, "/10/OTHER"))).verdict).toBe("unverified");
    expect(
      (await kit.scan(own.replace("/01/06901234567892/", "/01/16901234567899/"))).verdict,
    ).toBe("unverified");
    const records = (await kit.onecode.scans.listScans(kit.admin, kit.code(2))).items;
    expect(records.map((record) => record.verdict)).toEqual([
      "unverified",
      "unverified",
      "unverified",
    ]);
  });

  it("without their code show the product and batch their key names, unverified, recorded under the key", async () => {
    const kit = await traced();
    const own = (await kit.onecode.digitalLinks.forCode(kit.admin, kit.code(2)))
      .digitalLink as string;
    const keyOnly = altered(own, (url) => url.searchParams.delete("oc"));
    const result = await kit.scan(keyOnly);
    expect(result).toMatchObject({
      verdict: "unverified",
      batchState: null,
      product: { name: expect.any(String), gtin: "6901234567892" },
      batch: { batchNumber: kit.batch.batchNumber, expiryDate: kit.batch.expiryDate },
      distribution: [],
      scans: null,
    });
    expect(result.productionTasks).toHaveLength(1);
    const records = await kit.onecode.scans.listScans(kit.admin, keyOnly);
    expect(records.items).toMatchObject([{ code: canonicalGs1Uri(own), verdict: "unverified" }]);
    expect((await kit.onecode.scans.listScans(kit.admin, kit.code(2))).items).toEqual([]);
  });

  it("without their code answer unknown_code for a key no code has, batch_inactive for a frozen batch", async () => {
    const kit = await traced();
    const own = (await kit.onecode.digitalLinks.forCode(kit.admin, kit.code(2)))
      .digitalLink as string;
    const keyOnly = altered(own, (url) => url.searchParams.delete("oc"));
    const past = keyOnly.replace("-2?", "-zz?");
    expect(past).not.toBe(keyOnly);
    expect((await kit.scan(past)).verdict).toBe("unknown_code");
    expect(
      (await kit.scan(keyOnly.replace(/\/21\/[0-9a-z]{15}/, "/21/000000000000000"))).verdict,
    ).toBe("unknown_code");
    await kit.onecode.traceBatches.setStatus(kit.admin, kit.batch.id, "frozen");
    expect(await kit.scan(keyOnly)).toMatchObject({
      verdict: "batch_inactive",
      batchState: "suspended",
      product: null,
    });
  });

  it("of a case named by its own GTIN verify with that GTIN only", async () => {
    const kit = await traced();
    const { pkg, codes } = await kit.makePackage({
      codeType: "two-level",
      ratio: { innerPerOuter: 2 },
      quantity: 1,
      packagingKeys: { outer: { gtin: "16901234567899" } },
    });
    await kit.makeBatch([pkg.id]);
    const caseLink = (await kit.onecode.digitalLinks.forCode(kit.admin, codes[0]?.code as string))
      .digitalLink as string;
    expect(caseLink).toContain("/01/16901234567899/");
    expect((await kit.scan(caseLink)).verdict).toBe("genuine");
    expect(
      (await kit.scan(caseLink.replace("/01/16901234567899/", "/01/06901234567892/"))).verdict,
    ).toBe("unverified");
  });

  it("without their code are kept by their GS1 key in inspection reports", async () => {
    const kit = await traced();
    const own = (await kit.onecode.digitalLinks.forCode(kit.admin, kit.code(2)))
      .digitalLink as string;
    const keyOnly = altered(own, (url) => url.searchParams.delete("oc"));
    const report = await kit.onecode.distribution.fileInspection(kit.admin, {
      code: keyOnly,
      note: "label with a GS1 key and no code",
    });
    expect(report.code).toBe(canonicalGs1Uri(own));
    const listed = await kit.onecode.distribution.listInspections(kit.admin, { code: keyOnly });
    expect(listed.items.map((item) => item.id)).toEqual([report.id]);
  });

  it("with a GTIN and lot but no serial or code show that batch, unverified", async () => {
    const kit = await traced();
    const own = (await kit.onecode.digitalLinks.forCode(kit.admin, kit.code(2)))
      .digitalLink as string;
    const lotOnly = altered(own, (url) => {
      url.pathname = url.pathname.replace(/\/21\/.*$/, "");
      url.search = "";
    });
    expect(lotOnly).toBe(`https://t.acme.example/01/06901234567892/10/${kit.batch.batchNumber}`);
    expect(await kit.scan(lotOnly)).toMatchObject({
      verdict: "unverified",
      batch: { batchNumber: kit.batch.batchNumber },
      product: { gtin: "6901234567892" },
    });
    expect(
      (await kit.scan(lotOnly.replace("/01/06901234567892/", "/01/16901234567899/"))).verdict,
    ).toBe("unknown_code");
    expect((await kit.scan(lotOnly.replace(/\/10\/.*$/, "/10/NOSUCHLOT"))).verdict).toBe(
      "unknown_code",
    );
  });
});
