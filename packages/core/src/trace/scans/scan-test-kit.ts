import { distributionTestKit, IPS } from "../distribution/distribution-test-kit.js";
import type { TraceOptions } from "../trace-services.js";

/**
 * A kit with an active batch of one associated two-level package (1:3, 2 cases) with production and stock history:
 * case 1 (codes 1-4) sits at the distributor (CN-GD), case 2 (codes 5-8) at the factory (CN-ZJ).
 */
export async function traced(trace: TraceOptions = {}) {
  const kit = await distributionTestKit({ trace });
  const { onecode, admin } = kit;
  const tree = await kit.makeTree();
  const { pkg, codes } = await kit.makePackage({
    codeType: "two-level",
    ratio: { innerPerOuter: 3 },
    quantity: 2,
  });
  const batch = await kit.makeBatch([pkg.id]);
  const line = await onecode.production.createLine(admin, {
    name: "Line 1",
    workshop: "W1",
    factory: "Hangzhou",
  });
  const task = await onecode.production.createTask(admin, {
    name: "杀青 Fixing",
    batchId: batch.id,
    lineId: line.id,
    personInCharge: "李师傅",
    executedAt: "2026-04-01T09:00:00+08:00",
    customFields: [
      { title: "温度", type: "text", content: "250°C", showOnScan: true },
      { title: "Secret", type: "text", content: "x", showOnScan: false },
    ],
  });
  await onecode.production.setTaskStatus(admin, task.id, "effective");
  await onecode.production.createTask(admin, {
    name: "Draft task",
    batchId: batch.id,
    lineId: line.id,
    executedAt: "2026-04-02T09:00:00+08:00",
  });
  const entry = await onecode.distribution.createDocument(admin, {
    inboundType: "production",
    toEnterpriseId: tree.factory.id,
  });
  await onecode.distribution.scanIntoDocument(admin, entry.id, codes[0]?.code as string);
  await onecode.distribution.scanIntoDocument(admin, entry.id, codes[4]?.code as string);
  kit.clock.advance(3_600_000);
  const sale = await onecode.distribution.createDocument(admin, {
    outboundType: "sale",
    inboundType: "purchase",
    fromEnterpriseId: tree.factory.id,
    toEnterpriseId: tree.distributor.id,
    consumerVisible: true,
  });
  await onecode.distribution.scanIntoDocument(admin, sale.id, codes[0]?.code as string);
  const scan = (code: string, ip: string = IPS.guangdong, visitorId?: string) =>
    onecode.scans.scan({ tenantId: "acme", code, ip, ...(visitorId && { visitorId }) });
  const code = (serial: number) => codes[serial - 1]?.code as string;
  return { ...kit, ...tree, pkg, codes, batch, code, scan, sale, entry };
}
