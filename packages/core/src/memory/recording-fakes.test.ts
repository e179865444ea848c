import { describe, expect, it } from "vitest";
import { ManualClock } from "../kernel/clock.js";
import { localLedgerAnchor } from "./local-ledger-anchor.js";
import { recordingCourier } from "./recording-courier.js";
import { recordingNotifier } from "./recording-notifier.js";
import { staticGeo } from "./static-geo.js";

describe("recording courier", () => {
  const address = { name: "Li", phone: "13800000000", regionCode: "CN-ZJ", line: "1 West Lake Rd" };
  it("numbers waybills idempotently and reports added tracking events", async () => {
    const courier = recordingCourier();
    const request = {
      tenantId: "acme",
      idempotencyKey: "ship-1",
      courier: "SF",
      sender: address,
      recipient: address,
      weightGrams: 500,
      reference: "ord_1",
    };
    const waybill = await courier.createWaybill(request);
    expect(waybill).toEqual({ courier: "SF", trackingNumber: "SF0000000001" });
    expect(await courier.createWaybill(request)).toEqual(waybill);
    courier.addEvent(waybill.trackingNumber, {
      at: "2026-05-01T10:00:00.000Z",
      status: "accepted",
      description: "picked up",
    });
    expect((await courier.track("acme", "SF", waybill.trackingNumber))?.events).toHaveLength(1);
    expect(await courier.track("acme", "SF", "SF9999999999")).toBeNull();
  });
});

describe("recording notifier", () => {
  it("sends once per key and records only delivered messages", async () => {
    const notifier = recordingNotifier();
    const message = {
      tenantId: "acme",
      channel: "sms" as const,
      to: "13800000000",
      template: "paid",
      params: {},
      idempotencyKey: "n1",
    };
    const receipt = await notifier.send(message);
    expect(await notifier.send(message)).toEqual(receipt);
    notifier.rejectRecipient("13900000000", "blacklisted");
    expect(
      await notifier.send({ ...message, to: "13900000000", idempotencyKey: "n2" }),
    ).toMatchObject({ status: "rejected", reason: "blacklisted" });
    expect(notifier.sent).toHaveLength(1);
  });
});

describe("static geo", () => {
  it("resolves the most specific IPv4 range, including IPv4-mapped IPv6", async () => {
    const geo = staticGeo([
      { cidr: "10.0.0.0/8", region: "CN-BJ" },
      { cidr: "10.1.0.0/16", region: "CN-GD" },
    ]);
    expect(await geo.regionOf("10.1.2.3")).toBe("CN-GD");
    expect(await geo.regionOf("::ffff:10.9.9.9")).toBe("CN-BJ");
    expect(await geo.regionOf("192.168.1.1")).toBeNull();
    expect(await geo.regionOf("2001:db8::1")).toBeNull();
    expect(() => staticGeo([{ cidr: "10.0.0.0/33", region: "x" }])).toThrow(/CIDR/);
  });
});

describe("local ledger anchor", () => {
  it("records entries and returns a local receipt stamped by the clock", async () => {
    const anchor = localLedgerAnchor(new ManualClock("2026-05-01T00:00:00Z"));
    const entry = {
      tenantId: "acme",
      sequence: 1,
      hash: "a".repeat(64),
      previousHash: "0".repeat(64),
      recordedAt: "2026-05-01T00:00:00.000Z",
    };
    expect(await anchor.anchor(entry)).toEqual({
      anchorId: "local:acme:1",
      anchoredAt: "2026-05-01T00:00:00.000Z",
    });
    expect(anchor.entries).toEqual([entry]);
  });
});
