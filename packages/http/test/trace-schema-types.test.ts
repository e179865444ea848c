import type {
  ConsumerScanInput,
  CustomField,
  DistributionService,
  DiversionAlert,
  Enterprise,
  EnterprisePatchInput,
  InspectionReport,
  LedgerEntry,
  NewEnterpriseInput,
  NewStockDocumentInput,
  NewTraceBatchInput,
  Page,
  ProductionLine,
  ProductionLineInput,
  ProductionTask,
  ProductionTaskInput,
  ScanRecord,
  ScanResult,
  SealVerification,
  StaffInput,
  StaffMember,
  StockDocument,
  StockDocumentItem,
  StockScanResult,
  TraceBatch,
  TraceBatchPatchInput,
} from "@onecode/core";
import { describe, expectTypeOf, it } from "vitest";
import type { z } from "zod";
import type { Immutable } from "../src/define-route.js";
import type { customFieldSchema } from "../src/schemas/custom-field-schemas.js";
import type {
  enterprisePageSchema,
  enterprisePatchSchema,
  enterpriseSchema,
  newEnterpriseSchema,
} from "../src/schemas/enterprise-schemas.js";
import type { ledgerEntrySchema, sealVerificationSchema } from "../src/schemas/ledger-schemas.js";
import type {
  newProductionLineSchema,
  newProductionTaskSchema,
  productionLineSchema,
  productionTaskSchema,
} from "../src/schemas/production-schemas.js";
import type {
  diversionAlertSchema,
  inspectionReportSchema,
  publicScanSchema,
  scanRecordSchema,
  scanResultSchema,
} from "../src/schemas/scan-schemas.js";
import type { newStaffSchema, staffMemberSchema } from "../src/schemas/staff-schemas.js";
import type {
  codeLocationSchema,
  newStockDocumentSchema,
  stockDocumentItemSchema,
  stockDocumentSchema,
  stockScanResultSchema,
} from "../src/schemas/stock-document-schemas.js";
import type {
  newTraceBatchSchema,
  traceBatchPatchSchema,
  traceBatchSchema,
} from "../src/schemas/trace-batch-schemas.js";

type Out<S extends z.ZodType> = Immutable<z.output<S>>;

describe("trace response schemas", () => {
  it("mirror core's records exactly", () => {
    expectTypeOf<Out<typeof customFieldSchema>>().toEqualTypeOf<CustomField>();
    expectTypeOf<Out<typeof traceBatchSchema>>().toEqualTypeOf<Immutable<TraceBatch>>();
    expectTypeOf<Out<typeof productionLineSchema>>().toEqualTypeOf<Immutable<ProductionLine>>();
    expectTypeOf<Out<typeof productionTaskSchema>>().toEqualTypeOf<Immutable<ProductionTask>>();
    expectTypeOf<Out<typeof ledgerEntrySchema>>().toEqualTypeOf<LedgerEntry>();
    expectTypeOf<Out<typeof sealVerificationSchema>>().toEqualTypeOf<Immutable<SealVerification>>();
    expectTypeOf<Out<typeof enterpriseSchema>>().toEqualTypeOf<Immutable<Enterprise>>();
    expectTypeOf<Out<typeof enterprisePageSchema>>().toEqualTypeOf<Immutable<Page<Enterprise>>>();
    expectTypeOf<Out<typeof staffMemberSchema>>().toEqualTypeOf<Immutable<StaffMember>>();
    expectTypeOf<Out<typeof stockDocumentSchema>>().toEqualTypeOf<Immutable<StockDocument>>();
    expectTypeOf<Out<typeof stockDocumentItemSchema>>().toEqualTypeOf<StockDocumentItem>();
    expectTypeOf<Out<typeof stockScanResultSchema>>().toEqualTypeOf<Immutable<StockScanResult>>();
    expectTypeOf<Out<typeof codeLocationSchema>>().toEqualTypeOf<
      Immutable<Awaited<ReturnType<DistributionService["locateCode"]>>>
    >();
    expectTypeOf<Out<typeof inspectionReportSchema>>().toEqualTypeOf<Immutable<InspectionReport>>();
    expectTypeOf<Out<typeof scanRecordSchema>>().toEqualTypeOf<ScanRecord>();
    expectTypeOf<Out<typeof diversionAlertSchema>>().toEqualTypeOf<DiversionAlert>();
    expectTypeOf<Out<typeof scanResultSchema>>().toEqualTypeOf<Immutable<ScanResult>>();
  });
});

describe("trace request schemas", () => {
  it("produce what core's use cases take", () => {
    expectTypeOf<z.output<typeof newTraceBatchSchema>>().toExtend<NewTraceBatchInput>();
    expectTypeOf<z.output<typeof traceBatchPatchSchema>>().toExtend<TraceBatchPatchInput>();
    expectTypeOf<z.output<typeof newProductionLineSchema>>().toExtend<ProductionLineInput>();
    expectTypeOf<z.output<typeof newProductionTaskSchema>>().toExtend<ProductionTaskInput>();
    expectTypeOf<z.output<typeof newEnterpriseSchema>>().toExtend<NewEnterpriseInput>();
    expectTypeOf<z.output<typeof enterprisePatchSchema>>().toExtend<EnterprisePatchInput>();
    expectTypeOf<z.output<typeof newStaffSchema>>().toExtend<StaffInput>();
    expectTypeOf<z.output<typeof newStockDocumentSchema>>().toExtend<NewStockDocumentInput>();
    expectTypeOf<z.output<typeof publicScanSchema>>().toExtend<Omit<ConsumerScanInput, "ip">>();
  });
});
