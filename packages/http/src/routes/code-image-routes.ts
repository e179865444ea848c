import {
  type CodeRecord,
  type OneCode,
  OneCodeError,
  type PrintUrlForm,
  type TenantContext,
} from "@onecode/core";
import { notFound } from "@onecode/core/adapter-kit";
import { defineRoute, type Route } from "../define-route.js";
import { codesResponse } from "../download-response.js";
import { DEFAULT_QR_SCALE, qrPng } from "../qr/qr-png.js";
import { qrSvg } from "../qr/qr-svg.js";
import type { SheetItem } from "../qr/sample-sheet-layout.js";
import { sampleSheetPng } from "../qr/sample-sheet-png.js";
import { sampleSheetSvg } from "../qr/sample-sheet-svg.js";
import {
  codeImageParams,
  packageIdParams,
  printUrlQuery,
  qrPngQuery,
  sampleSheetQuery,
} from "../schemas/code-package-schemas.js";

const tags = ["code-packages"];
const DEFAULT_SAMPLE_COUNT = 20;

/** The code at `serial`, read as a one-code page; `NOT_FOUND` past the end. */
async function codeAt(
  onecode: OneCode,
  tenant: TenantContext,
  packageId: string,
  serial: number,
): Promise<CodeRecord> {
  const { items } = await onecode.codePackages.listCodes(tenant, packageId, {
    afterSerial: serial - 1,
    limit: 1,
  });
  const record = items[0];
  if (record?.serial !== serial) throw notFound("code", `${packageId}/${serial}`, "serial");
  return record;
}

const codePngRoute = defineRoute({
  method: "GET",
  path: "/v1/code-packages/{packageId}/codes/{serial}.png",
  operationId: "getCodePng",
  summary: "One code's QR as PNG",
  description:
    "The QR of the code's URL (error correction M, quiet zone of four modules), grayscale; `url=digital_link` encodes its GS1 Digital Link.",
  tags,
  auth: "staff",
  capability: "codes.export",
  params: codeImageParams,
  query: qrPngQuery,
  responses: { 200: { description: "The PNG image.", contentType: "image/png" } },
  errors: ["NOT_FOUND", "PACKAGE_NOT_READY", "VALIDATION_FAILED"],
  async handler({ onecode, tenant, params, query }) {
    const record = await codeAt(onecode, tenant, params.packageId, params.serial);
    const url = await onecode.codePackages.codeUrl(tenant, record, { url: query.url });
    return {
      response: codesResponse(qrPng(url, query.scale ?? DEFAULT_QR_SCALE), {
        contentType: "image/png",
        fileName: `${params.packageId}-${params.serial}.png`,
        disposition: "inline",
      }),
    };
  },
});

const codeSvgRoute = defineRoute({
  method: "GET",
  path: "/v1/code-packages/{packageId}/codes/{serial}.svg",
  operationId: "getCodeSvg",
  summary: "One code's QR as SVG",
  description:
    "The QR of the code's URL as one path, with the URL as the document's title; `url=digital_link` encodes its GS1 Digital Link.",
  tags,
  auth: "staff",
  capability: "codes.export",
  params: codeImageParams,
  query: printUrlQuery,
  responses: { 200: { description: "The SVG image.", contentType: "image/svg+xml" } },
  errors: ["NOT_FOUND", "PACKAGE_NOT_READY", "VALIDATION_FAILED"],
  async handler({ onecode, tenant, params, query }) {
    const record = await codeAt(onecode, tenant, params.packageId, params.serial);
    const url = await onecode.codePackages.codeUrl(tenant, record, { url: query.url });
    return {
      response: codesResponse(qrSvg(url), {
        contentType: "image/svg+xml; charset=utf-8",
        fileName: `${params.packageId}-${params.serial}.svg`,
        disposition: "inline",
      }),
    };
  },
});

/** The first `count` codes with their URLs and printed serials. */
async function sampleItems(
  onecode: OneCode,
  tenant: TenantContext,
  packageId: string,
  count: number,
  form: PrintUrlForm | undefined,
): Promise<SheetItem[]> {
  const pkg = await onecode.codePackages.get(tenant, packageId);
  const { items } = await onecode.codePackages.listCodes(tenant, packageId, { limit: count });
  if (items.length === 0) {
    throw new OneCodeError("PACKAGE_NOT_READY", `code package ${packageId} has no codes yet`, {
      id: packageId,
      status: pkg.status,
    });
  }
  return Promise.all(
    items.map(async (record) => ({
      serial: pkg.hasSerials ? record.serial : null,
      code: record.code,
      url: await onecode.codePackages.codeUrl(tenant, record, { url: form }),
    })),
  );
}

const sampleDescription =
  "The first `count` codes in a grid, each QR with `No.<serial>` (when the package has serial numbers) and the code printed under it.";

const SHEET_FORMATS = {
  png: { render: sampleSheetPng, contentType: "image/png", label: "PNG" },
  svg: { render: sampleSheetSvg, contentType: "image/svg+xml", label: "SVG" },
} as const;

/** The sample-sheet route of one image format. */
function sampleSheetRoute(format: keyof typeof SHEET_FORMATS) {
  const { render, contentType, label } = SHEET_FORMATS[format];
  return defineRoute({
    method: "GET",
    path: `/v1/code-packages/{packageId}/sample.${format}`,
    operationId: `getSampleSheet${label.charAt(0)}${label.slice(1).toLowerCase()}`,
    summary: `A sample sheet of the first codes as ${label}`,
    description: sampleDescription,
    tags,
    auth: "staff",
    capability: "codes.export",
    params: packageIdParams,
    query: sampleSheetQuery,
    responses: { 200: { description: `The ${label} sheet.`, contentType } },
    errors: ["NOT_FOUND", "PACKAGE_NOT_READY", "VALIDATION_FAILED"],
    async handler({ onecode, tenant, params, query }) {
      const items = await sampleItems(
        onecode,
        tenant,
        params.packageId,
        query.count ?? DEFAULT_SAMPLE_COUNT,
        query.url,
      );
      return {
        response: codesResponse(render(items), {
          contentType: format === "svg" ? `${contentType}; charset=utf-8` : contentType,
          fileName: `${params.packageId}-sample.${format}`,
          disposition: "inline",
        }),
      };
    },
  });
}

/** QR images of single codes and sample sheets. */
export const codeImageRoutes: readonly Route[] = [
  codePngRoute,
  codeSvgRoute,
  sampleSheetRoute("png"),
  sampleSheetRoute("svg"),
];
