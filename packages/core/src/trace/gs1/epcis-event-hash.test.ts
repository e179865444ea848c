import { describe, expect, it } from "vitest";
import {
  compareCodePoints,
  epcisEventHash,
  epcisPreHash,
  PresortedList,
} from "./epcis-event-hash.js";

/**
 * Published vectors of the CBV 2.0 event hash: events of the reference
 * implementation's test documents (GS1 Germany's epcis-event-hash-generator,
 * tests/examples/documents/epcisDocWithShippingAndTransportingEvent and
 * epcisDocWithVariousEventTypes) with the pre-hash strings and hashes it
 * publishes for CBV 2.0 (tests/examples/expected/CBV2.0). The events are
 * written with the Digital Link URIs the reference converts their EPC URNs
 * to, which is what OneCode writes.
 */
const VECTORS = [
  {
    name: "a departing ObjectEvent with a business transaction, source and destination",
    event: {
      type: "ObjectEvent",
      eventTime: "2022-02-16T12:50:00.000+01:00",
      eventTimeZoneOffset: "+01:00",
      epcList: ["https://id.gs1.org/00/140123451122233341"],
      action: "OBSERVE",
      bizStep: "departing",
      readPoint: { id: "https://id.gs1.org/414/4012345000221" },
      bizTransactionList: [
        { type: "desadv", bizTransaction: "urn:epcglobal:cbv:bt:4012345000009:ASN1099" },
      ],
      sourceList: [{ type: "possessing_party", source: "https://id.gs1.org/417/4012345000009" }],
      destinationList: [
        { type: "possessing_party", destination: "https://id.gs1.org/417/4023333000000" },
      ],
    },
    preHash:
      "eventType=ObjectEventeventTime=2022-02-16T11:50:00.000ZeventTimeZoneOffset=+01:00epcListepc=https://id.gs1.org/00/140123451122233341action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-departingreadPointid=https://id.gs1.org/414/4012345000221bizTransactionListtype=https://ref.gs1.org/cbv/BTT-desadvbizTransaction=urn:epcglobal:cbv:bt:4012345000009:ASN1099sourceListtype=https://ref.gs1.org/cbv/SDT-possessing_partysource=https://id.gs1.org/417/4012345000009destinationListtype=https://ref.gs1.org/cbv/SDT-possessing_partydestination=https://id.gs1.org/417/4023333000000",
    hash: "ni:///sha-256;2919bf0587534fef0e25eea97b5dda68f345e6bbf2c6b4cb27b2a52e0039272b?ver=CBV2.0",
  },
  {
    name: "a transporting ObjectEvent read at a geo location",
    event: {
      type: "ObjectEvent",
      eventTime: "2022-02-16T16:50:00.000+01:00",
      eventTimeZoneOffset: "+01:00",
      epcList: ["https://id.gs1.org/00/140123451122233341"],
      action: "OBSERVE",
      bizStep: "transporting",
      readPoint: { id: "geo:47.506694,11.104301" },
    },
    preHash:
      "eventType=ObjectEventeventTime=2022-02-16T15:50:00.000ZeventTimeZoneOffset=+01:00epcListepc=https://id.gs1.org/00/140123451122233341action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-transportingreadPointid=geo:47.506694,11.104301",
    hash: "ni:///sha-256;1d2ec4174d8f0b5988a44795b31a636e8bc7f88ebc4bdc0d35c14f215a842e80?ver=CBV2.0",
  },
  {
    name: "a receiving ObjectEvent with several transactions, sources and destinations",
    event: {
      type: "ObjectEvent",
      eventTime: "2019-10-21T12:00:30.000+01:00",
      eventTimeZoneOffset: "+01:00",
      epcList: ["https://id.gs1.org/00/052000011111111461"],
      action: "OBSERVE",
      bizStep: "receiving",
      readPoint: { id: "https://id.gs1.org/414/4012345000122" },
      bizTransactionList: [
        { type: "desadv", bizTransaction: "urn:epcglobal:cbv:bt:5200001000008:4711" },
        { type: "inv", bizTransaction: "urn:epcglobal:cbv:bt:5200001000008:RE1099" },
      ],
      sourceList: [
        { type: "possessing_party", source: "https://id.gs1.org/417/4000001000128" },
        { type: "owning_party", source: "https://id.gs1.org/417/4000001000128" },
      ],
      destinationList: [
        { type: "possessing_party", destination: "https://id.gs1.org/417/4012345000009" },
        { type: "owning_party", destination: "https://id.gs1.org/417/4012345000009" },
        { type: "location", destination: "https://id.gs1.org/414/4012345000122" },
      ],
    },
    preHash:
      "eventType=ObjectEventeventTime=2019-10-21T11:00:30.000ZeventTimeZoneOffset=+01:00epcListepc=https://id.gs1.org/00/052000011111111461action=OBSERVEbizStep=https://ref.gs1.org/cbv/BizStep-receivingreadPointid=https://id.gs1.org/414/4012345000122bizTransactionListtype=https://ref.gs1.org/cbv/BTT-desadvbizTransaction=urn:epcglobal:cbv:bt:5200001000008:4711type=https://ref.gs1.org/cbv/BTT-invbizTransaction=urn:epcglobal:cbv:bt:5200001000008:RE1099sourceListtype=https://ref.gs1.org/cbv/SDT-owning_partysource=https://id.gs1.org/417/4000001000128type=https://ref.gs1.org/cbv/SDT-possessing_partysource=https://id.gs1.org/417/4000001000128destinationListtype=https://ref.gs1.org/cbv/SDT-locationdestination=https://id.gs1.org/414/4012345000122type=https://ref.gs1.org/cbv/SDT-owning_partydestination=https://id.gs1.org/417/4012345000009type=https://ref.gs1.org/cbv/SDT-possessing_partydestination=https://id.gs1.org/417/4012345000009",
    hash: "ni:///sha-256;ef43acf0e69951f79739f603f714893784648a41bac3f58035b5830a978a2631?ver=CBV2.0",
  },
  {
    name: "a commissioning ObjectEvent with a quantity and CBV master data in its ILMD",
    event: {
      type: "ObjectEvent",
      eventTime: "2019-10-21T14:58:56.000+02:00",
      eventTimeZoneOffset: "+02:00",
      quantityList: [
        {
          epcClass: "https://id.gs1.org/01/04054739999148/10/20160711",
          quantity: 600,
          uom: "KGM",
        },
      ],
      action: "ADD",
      bizStep: "commissioning",
      readPoint: { id: "https://id.gs1.org/414/4054739000011" },
      ilmd: { "cbvmda:bestBeforeDate": "2019-10-21" },
    },
    preHash:
      "eventType=ObjectEventeventTime=2019-10-21T12:58:56.000ZeventTimeZoneOffset=+02:00quantityListquantityElementepcClass=https://id.gs1.org/01/04054739999148/10/20160711quantity=600uom=KGMaction=ADDbizStep=https://ref.gs1.org/cbv/BizStep-commissioningreadPointid=https://id.gs1.org/414/4054739000011ilmd{urn:epcglobal:cbv:mda:}bestBeforeDate=2019-10-21",
    hash: "ni:///sha-256;5f396ea5cb32fe4d0980cb79f5a5eb9640559e9f5a6cefa5c98a7d6ad554b50b?ver=CBV2.0",
  },
  {
    name: "a packing AggregationEvent whose children sort as text (107 before 97)",
    event: {
      type: "AggregationEvent",
      eventTime: "2019-10-21T11:58:56.591+02:00",
      eventTimeZoneOffset: "+02:00",
      parentID: "https://id.gs1.org/00/040470231111111229",
      childEPCs: [
        "https://id.gs1.org/01/04047023775511/21/98",
        "https://id.gs1.org/01/04047023775511/21/97",
        "https://id.gs1.org/01/04047023775511/21/107",
        "https://id.gs1.org/01/04047023775511/21/109",
      ],
      action: "ADD",
      bizStep: "packing",
      readPoint: { id: "https://id.gs1.org/414/4047023000125" },
    },
    preHash:
      "eventType=AggregationEventeventTime=2019-10-21T09:58:56.591ZeventTimeZoneOffset=+02:00parentID=https://id.gs1.org/00/040470231111111229childEPCsepc=https://id.gs1.org/01/04047023775511/21/107epc=https://id.gs1.org/01/04047023775511/21/109epc=https://id.gs1.org/01/04047023775511/21/97epc=https://id.gs1.org/01/04047023775511/21/98action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-packingreadPointid=https://id.gs1.org/414/4047023000125",
    hash: "ni:///sha-256;c941e6486c561c2be83c28dc228c150eaef9a6befb1015e6cc563982fb7414b6?ver=CBV2.0",
  },
  {
    name: "a TransactionEvent whose time has no milliseconds, with a read point and business location",
    event: {
      type: "TransactionEvent",
      eventTime: "2019-10-21T00:05:00-06:00",
      eventTimeZoneOffset: "-06:00",
      epcList: [
        "https://id.gs1.org/01/10614141073402/21/1",
        "https://id.gs1.org/01/10614141073402/21/2",
      ],
      action: "ADD",
      bizStep: "shipping",
      readPoint: { id: "https://id.gs1.org/414/4012345000009/254/5" },
      bizLocation: { id: "https://id.gs1.org/414/4012345000009" },
      bizTransactionList: [
        { type: "po", bizTransaction: "urn:epcglobal:cbv:bt:4012345123456:RE100099" },
      ],
    },
    preHash:
      "eventType=TransactionEventeventTime=2019-10-21T06:05:00.000ZeventTimeZoneOffset=-06:00epcListepc=https://id.gs1.org/01/10614141073402/21/1epc=https://id.gs1.org/01/10614141073402/21/2action=ADDbizStep=https://ref.gs1.org/cbv/BizStep-shippingreadPointid=https://id.gs1.org/414/4012345000009/254/5bizLocationid=https://id.gs1.org/414/4012345000009bizTransactionListtype=https://ref.gs1.org/cbv/BTT-pobizTransaction=urn:epcglobal:cbv:bt:4012345123456:RE100099",
    hash: "ni:///sha-256;cf6559dc931963f19ed9cd2fe33c02ef64c8cfd557e5a96b086a87db315b7122?ver=CBV2.0",
  },
] as const;

describe("CBV 2.0 event hash", () => {
  for (const vector of VECTORS) {
    it(`matches the reference pre-hash and hash of ${vector.name}`, () => {
      expect(epcisPreHash(vector.event)).toBe(vector.preHash);
      expect(epcisEventHash(vector.event)).toBe(vector.hash);
    });
  }

  it("hashes equal events equally whatever their member order, list order and CBV notation", () => {
    const event = VECTORS[2].event;
    const reordered = {
      destinationList: [...event.destinationList].reverse(),
      sourceList: [...event.sourceList].reverse(),
      bizTransactionList: [...event.bizTransactionList].reverse(),
      readPoint: event.readPoint,
      bizStep: "urn:epcglobal:cbv:bizstep:receiving",
      action: event.action,
      epcList: event.epcList,
      eventTimeZoneOffset: event.eventTimeZoneOffset,
      eventTime: "2019-10-21T11:00:30Z",
      type: event.type,
      eventID: "ni:///sha-256;0?ver=CBV2.0",
    };
    expect(epcisEventHash(reordered)).toBe(VECTORS[2].hash);
  });

  it("changes the hash when any value changes", () => {
    const event = VECTORS[0].event;
    const base = epcisEventHash(event);
    expect(epcisEventHash({ ...event, bizStep: "shipping" })).not.toBe(base);
    expect(epcisEventHash({ ...event, eventTime: "2022-02-16T12:50:00.001+01:00" })).not.toBe(base);
    expect(
      epcisEventHash({ ...event, epcList: ["https://id.gs1.org/00/140123451122233358"] }),
    ).not.toBe(base);
  });

  it("hashes Digital Links in canonical form: custom domain, lot and query do not count", () => {
    const canonical = {
      type: "ObjectEvent",
      eventTime: "2026-05-01T08:00:00.000Z",
      eventTimeZoneOffset: "+08:00",
      epcList: ["https://id.gs1.org/01/06901234567892/21/S1"],
      action: "OBSERVE",
    };
    const printed = {
      ...canonical,
      epcList: ["https://t.acme.example/01/6901234567892/10/L1/21/S1?17=270401&oc=AbC"],
    };
    expect(epcisEventHash(printed)).toBe(epcisEventHash(canonical));
  });

  it("streams a presorted list exactly as the same list given as an array", () => {
    const epcs = [
      "https://id.gs1.org/01/06901234567892/21/a-1",
      "https://id.gs1.org/01/06901234567892/21/a-2",
    ];
    const base = { type: "ObjectEvent", eventTime: "2026-05-01T08:00:00Z", action: "ADD" };
    expect(epcisEventHash({ ...base, epcList: new PresortedList(() => epcs) })).toBe(
      epcisEventHash({ ...base, epcList: [...epcs].reverse() }),
    );
    expect(JSON.stringify({ epcList: new PresortedList(() => epcs) })).toBe(
      JSON.stringify({ epcList: epcs }),
    );
  });

  it("rounds a fourth decimal of a timestamp half up to milliseconds", () => {
    const event = (eventTime: string) =>
      epcisPreHash({ type: "ObjectEvent", eventTime, action: "OBSERVE" });
    expect(event("2023-01-18T11:04:03.1415Z")).toContain("eventTime=2023-01-18T11:04:03.142Z");
    expect(event("2023-01-18T11:04:03.1414Z")).toContain("eventTime=2023-01-18T11:04:03.141Z");
    expect(event("2023-01-18T11:04:03.9995Z")).toContain("eventTime=2023-01-18T11:04:04.000Z");
  });

  it("refuses what it cannot hash faithfully: unknown members, prefixes outside the context", () => {
    const base = { type: "ObjectEvent", eventTime: "2026-05-01T08:00:00Z", action: "ADD" };
    expect(() => epcisEventHash({ ...base, sensorElementList: [] })).toThrow(RangeError);
    expect(() => epcisEventHash({ ...base, "acme:note": "x" })).toThrow(/prefix/);
    expect(() => epcisEventHash({ ...base, ilmd: { "acme:lot": "x" } })).toThrow(/prefix/);
  });

  it("orders by code point (UTF-8 order), not by UTF-16 unit", () => {
    expect(compareCodePoints("a", "b")).toBeLessThan(0);
    expect(compareCodePoints("ab", "a")).toBeGreaterThan(0);
    // U+FF61 sorts before U+1F600 in UTF-8, after its surrogates in UTF-16.
    expect(compareCodePoints("\uff61", "\u{1f600}")).toBeLessThan(0);
    expect("\uff61" < "\u{1f600}").toBe(false);
  });
});
