import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tenantContext } from "@onecode/core";
import { describe, expect, it } from "vitest";
import { readConfig } from "../src/config.js";
import { ip2regionGeo } from "../src/ip2region-geo.js";
import { regionCodeOf } from "../src/region-codes.js";
import { startServer } from "../src/server.js";

describe("ip2region geo", () => {
  const geo = ip2regionGeo();

  it.each([
    ["183.62.57.1", "CN-GD"], // China Telecom, Guangzhou
    ["202.96.134.133", "CN-GD"], // China Telecom DNS, Shenzhen
    ["223.5.5.5", "CN-ZJ"], // Alibaba public DNS, Hangzhou
    ["101.6.6.6", "CN-BJ"], // Tsinghua University DNS
    ["222.66.0.1", "CN-SH"],
    ["61.139.2.69", "CN-SC"], // China Telecom DNS, Chengdu
    ["114.114.114.114", "CN-JS"], // 114DNS, Nanjing
    ["1.24.0.1", "CN-NM"],
    ["1.185.0.1", "CN-GX"],
    ["1.32.192.1", "CN-HK"],
    ["23.36.128.1", "CN-MO"],
    ["8.8.8.8", "US"],
    ["1.1.1.1", "AU"],
  ])("resolves the IPv4 address %s to %s", async (ip, region) => {
    expect(await geo.regionOf(ip)).toBe(region);
  });

  it.each([
    ["240e:3a1:1234::1", "CN-JS"], // China Telecom, Nanjing
    ["2400:3200::1", "CN-ZJ"], // Alibaba Cloud, Hangzhou
    ["2409:8a00::1", "CN-BJ"], // China Mobile, Beijing
    ["2402:4e00::1", "CN-GD"], // Tencent, Shenzhen
    ["2a00:1450::1", "IE"], // Google Ireland
  ])("resolves the IPv6 address %s to %s", async (ip, region) => {
    expect(await geo.regionOf(ip)).toBe(region);
  });

  it("resolves an IPv4-mapped IPv6 address as its IPv4 address", async () => {
    expect(await geo.regionOf("::ffff:183.62.57.1")).toBe("CN-GD");
  });

  it.each([
    "10.0.0.1",
    "127.0.0.1",
    "192.168.1.1",
    "::1",
    "fe80::1",
    "2001:250::1", // CERNET backbone: China, no province
    "not-an-address",
    "",
  ])("has no region for %j", async (ip) => {
    expect(await geo.regionOf(ip)).toBeNull();
  });
});

describe("regionCodeOf", () => {
  it.each([
    ["广东省", "CN-GD"],
    ["北京", "CN-BJ"],
    ["北京市", "CN-BJ"],
    ["广西壮族自治区", "CN-GX"],
    ["内蒙古自治区", "CN-NM"],
    ["宁夏回族自治区", "CN-NX"],
    ["新疆维吾尔自治区", "CN-XJ"],
    ["香港特别行政区", "CN-HK"],
    ["台湾省", "CN-TW"],
    ["陕西", "CN-SN"],
    ["山西", "CN-SX"],
  ])("maps the province %s to %s", (province, code) => {
    expect(regionCodeOf("中国", province)).toBe(code);
  });

  it.each([
    ["美国", "US"],
    ["日本", "JP"],
    ["德国", "DE"],
    ["阿联酋", "AE"],
    ["刚果金", "CD"],
    ["多米尼加", "DO"],
    ["多米尼克", "DM"],
  ])("maps the country %s to %s", (country, code) => {
    expect(regionCodeOf(country, "")).toBe(code);
  });

  it.each([
    ["中国", ""],
    ["中国", "0"],
    ["欧洲", ""],
    ["亚太地区", ""],
    ["", ""],
    ["0", "0"],
  ])("has no region for country %j with province %j", (country, province) => {
    expect(regionCodeOf(country, province)).toBeNull();
  });
});

describe("reference server regions", () => {
  it("records the region of a public scan's client address from the bundled database", async () => {
    const dataDir = mkdtempSync(join(tmpdir(), "onecode-server-geo-"));
    const config = readConfig({ PORT: "0", ONECODE_DATA_DIR: dataDir, ONECODE_TRUST_PROXY: "1" });
    const running = await startServer(config, () => {});
    try {
      const response = await fetch(`${running.url}/v1/public/scans`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": "183.62.57.1" },
        body: JSON.stringify({ tenantId: "demo", code: "NoSuchCode000001" }),
      });
      expect(response.status).toBe(200);
      const admin = tenantContext("demo", { id: "admin", kind: "staff", roles: ["admin"] });
      const records = await running.onecode.scans.listScans(admin, "NoSuchCode000001");
      expect(records.items.map((record) => record.region)).toEqual(["CN-GD"]);
    } finally {
      await running.close();
      rmSync(dataDir, { recursive: true, force: true });
    }
  });
});
