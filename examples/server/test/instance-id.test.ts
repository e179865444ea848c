import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadInstanceId } from "../src/instance-id.js";

const dir = mkdtempSync(join(tmpdir(), "onecode-instance-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the server's instance id", () => {
  it("is created once in the data directory and read back unchanged on every start", () => {
    const file = join(dir, "data", "instance.id");
    const first = loadInstanceId(file, undefined);
    expect(first).toMatch(/^server-[0-9a-f-]{36}$/);
    expect(readFileSync(file, "utf8").trim()).toBe(first);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(loadInstanceId(file, undefined)).toBe(first);
  });

  it("is ONECODE_INSTANCE_ID when set, without touching the file", () => {
    const file = join(dir, "other", "instance.id");
    expect(loadInstanceId(file, "pod-0")).toBe("pod-0");
    expect(() => statSync(file)).toThrow();
  });
});
