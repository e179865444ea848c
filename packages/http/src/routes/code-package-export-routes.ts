import { OneCodeError } from "@onecode/core";
import { levelsOf } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import { codesResponse } from "../download-response.js";
import { primed, primedByteStream } from "../iterable-body.js";
import { qrPng } from "../qr/qr-png.js";
import { qrSvg } from "../qr/qr-svg.js";
import {
  csvExportQuery,
  imageZipQuery,
  packageIdParams,
  printUrlQuery,
} from "../schemas/code-package-schemas.js";
import { codeImageZip } from "../zip/code-image-zip.js";
import { csvZip } from "../zip/csv-zip.js";

const tags = ["code-packages"];
const encoder = new TextEncoder();

const exportCodesCsv = defineRoute({
  method: "GET",
  path: "/v1/code-packages/{packageId}/codes.csv",
  operationId: "exportCodesCsv",
  summary: "Download the text package as CSV",
  description:
    "The text package (文字码包) of a succeeded package, streamed: header `serial,level,code,url,parent_code`, one line per code (`serial` empty when the package has no serial numbers, `parent_code` set in associated packaging packages). `level` keeps one level only; `url=digital_link` fills the `url` column with each code's GS1 Digital Link.",
  tags,
  auth: "staff",
  capability: "codes.export",
  params: packageIdParams,
  query: csvExportQuery,
  responses: {
    200: {
      description: "The CSV file (UTF-8, CRLF line ends), as an attachment.",
      contentType: "text/csv",
      headers: { "Content-Disposition": '`attachment; filename="<packageId>.csv"`' },
    },
  },
  errors: ["NOT_FOUND", "PACKAGE_NOT_READY", "VALIDATION_FAILED"],
  async handler({ onecode, tenant, params, query }) {
    const { packageId } = params;
    const csv = onecode.codePackages.exportCsv(tenant, packageId, query);
    const suffix = query.level === undefined ? "" : `-${query.level}`;
    return {
      response: codesResponse(await primedByteStream(csv), {
        contentType: "text/csv; charset=utf-8",
        fileName: `${packageId}${suffix}.csv`,
      }),
    };
  },
});

const exportCodesZip = defineRoute({
  method: "GET",
  path: "/v1/code-packages/{packageId}/codes.zip",
  operationId: "exportCodesZip",
  summary: "Download the text package as a ZIP of CSV files, one per level",
  description:
    "The same CSV as `codes.csv`, one file per level (`<packageId>-outer.csv`, `-middle`, `-inner`, or `-item` for single packages), deflated and streamed; `url=digital_link` as for `codes.csv`.",
  tags,
  auth: "staff",
  capability: "codes.export",
  params: packageIdParams,
  query: printUrlQuery,
  responses: {
    200: {
      description: "The ZIP file, as an attachment.",
      contentType: "application/zip",
      headers: { "Content-Disposition": '`attachment; filename="<packageId>.zip"`' },
    },
  },
  errors: ["NOT_FOUND", "PACKAGE_NOT_READY", "VALIDATION_FAILED"],
  async handler({ onecode, tenant, params, query }) {
    const { packageId } = params;
    const { url } = query;
    const pkg = await onecode.codePackages.get(tenant, packageId);
    const levels = levelsOf(pkg.codeType);
    // The first level is read up front, so a package that is not ready answers 409, not a broken ZIP.
    const first = await primed(
      onecode.codePackages.exportCsv(tenant, packageId, { level: levels[0], url }),
    );
    const files = levels.map((level, index) => ({
      name: `${packageId}-${level}.csv`,
      csv: () =>
        index === 0 ? first : onecode.codePackages.exportCsv(tenant, packageId, { level, url }),
    }));
    return {
      response: codesResponse(await csvZip(files), {
        contentType: "application/zip",
        fileName: `${packageId}.zip`,
      }),
    };
  },
});

const exportImagesZip = defineRoute({
  method: "GET",
  path: "/v1/code-packages/{packageId}/images.zip",
  operationId: "exportImagesZip",
  summary: "Download the image package: every code's QR in a ZIP",
  description:
    "The image package (图文码) of a succeeded package: one QR image of each code's URL, named `<level>/<serial>-<code>.png` (or `.svg`), generated page by page while the ZIP streams (ZIP64 when large). PNGs are stored as they are; SVGs are deflated. `url=digital_link` encodes each code's GS1 Digital Link.",
  tags,
  auth: "staff",
  capability: "codes.export",
  params: packageIdParams,
  query: imageZipQuery,
  responses: {
    200: {
      description: "The ZIP file, as an attachment.",
      contentType: "application/zip",
      headers: { "Content-Disposition": '`attachment; filename="<packageId>-images.zip"`' },
    },
  },
  errors: ["NOT_FOUND", "PACKAGE_NOT_READY", "VALIDATION_FAILED"],
  async handler({ onecode, tenant, params, query }) {
    const { packageId } = params;
    const format = query.format ?? "png";
    const pkg = await onecode.codePackages.get(tenant, packageId);
    if (pkg.status !== "succeeded") {
      // Core lists a running job's codes too; an archive must hold the whole package.
      throw new OneCodeError(
        "PACKAGE_NOT_READY",
        `code package ${pkg.id} is ${pkg.status}; its images can be exported once it succeeded`,
        { id: pkg.id, status: pkg.status },
      );
    }
    if (query.url !== undefined) {
      // A refused URL form answers 400 here, not as a broken archive mid-stream.
      const { items } = await onecode.codePackages.listCodes(tenant, packageId, { limit: 1 });
      if (items[0]) await onecode.codePackages.codeUrl(tenant, items[0], { url: query.url });
    }
    const zip = await codeImageZip(
      {
        listCodes: (afterSerial, limit) =>
          onecode.codePackages.listCodes(tenant, packageId, { afterSerial, limit }),
        codeUrl: (record) => onecode.codePackages.codeUrl(tenant, record, { url: query.url }),
      },
      {
        total: pkg.total,
        format,
        render: format === "png" ? (url) => qrPng(url) : (url) => encoder.encode(qrSvg(url)),
      },
    );
    return {
      response: codesResponse(zip, {
        contentType: "application/zip",
        fileName: `${packageId}-images.zip`,
      }),
    };
  },
});

/** The downloads of a package's text and image packages. */
export const codePackageExportRoutes: readonly Route[] = [
  exportCodesCsv,
  exportCodesZip,
  exportImagesZip,
];
