import type { CodePackageProgress } from "@onecode/core";
import { checkGenerationInput } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  codeListingQuery,
  codeListingSchema,
  codePackageListQuery,
  codePackagePageSchema,
  codePackageProgressSchema,
  codePackageSchema,
  newGenerationSchema,
  packageIdParams,
  uploadQuery,
} from "../schemas/code-package-schemas.js";
import { type SseEvent, sseResponse } from "../sse.js";
import { importUploadedLines, UPLOAD_MEDIA_TYPES } from "../upload/upload-lines.js";

const tags = ["code-packages"];

const packagePath = (basePath: string, id: string) =>
  `${basePath}/v1/code-packages/${encodeURIComponent(id)}`;

const generateCodePackage = defineRoute({
  method: "POST",
  path: "/v1/code-packages",
  operationId: "generateCodePackage",
  summary: "Start a generation job",
  description:
    "Needs the `admin` role. Creates a queued package and generates its codes in the background (at most 1,000,000 codes per job, all levels together). Follow it with `GET /v1/code-packages/{packageId}` or its `/events` stream.",
  tags,
  auth: "staff",
  body: newGenerationSchema,
  coreCheck: checkGenerationInput,
  responses: {
    202: {
      description: "The job was accepted; the queued package.",
      schema: codePackageSchema,
      headers: { Location: "Path of the package, which reports the job's progress." },
    },
  },
  errors: [
    "FORBIDDEN",
    "NOT_FOUND",
    "CODE_SOURCE_MISMATCH",
    "CODE_RULE_DISABLED",
    "SEQUENCE_EXHAUSTED",
  ],
  async handler({ onecode, tenant, body, basePath }) {
    const pkg = await onecode.codePackages.generate(tenant, body);
    return { status: 202, body: pkg, headers: { location: packagePath(basePath, pkg.id) } };
  },
});

const uploadCodePackage = defineRoute({
  method: "POST",
  path: "/v1/code-packages/uploads",
  operationId: "uploadCodePackage",
  summary: "Upload an external merchant's codes",
  description:
    "Needs the `admin` role. The body is the file itself: CSV or text (UTF-8, one code URL per line, or OneCode's own text-package CSV with its header) or a ZIP of such `.csv`/`.txt` files. The whole file is checked first; any malformed line, foreign prefix, repeated line or code that already exists rejects it as a whole (`UPLOAD_REJECTED`, with `errors` listing every such line in one answer) and nothing is imported. Each ZIP entry must match its CRC-32 (rule `zip_crc`). Limited by the handler's `maxUploadBytes` (64 MiB by default).",
  tags,
  auth: "staff",
  query: uploadQuery,
  rawBody: {
    description: "The uploaded file.",
    mediaTypes: UPLOAD_MEDIA_TYPES,
  },
  responses: {
    201: {
      description: "The imported package (succeeded).",
      schema: codePackageSchema,
      headers: { Location: "Path of the package." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "CODE_SOURCE_MISMATCH", "UPLOAD_REJECTED"],
  async handler({ onecode, tenant, query, rawBody, basePath }) {
    const { merchantId, productId } = query;
    const fileName =
      query.fileName ?? (rawBody.mediaType === "application/zip" ? "upload.zip" : "upload.csv");
    const pkg = await importUploadedLines(rawBody, (lines) =>
      onecode.codePackages.upload(tenant, { merchantId, productId, fileName, lines }),
    );
    return { status: 201, body: pkg, headers: { location: packagePath(basePath, pkg.id) } };
  },
});

const listCodePackages = defineRoute({
  method: "GET",
  path: "/v1/code-packages",
  operationId: "listCodePackages",
  summary: "List code packages, newest first",
  tags,
  auth: "staff",
  query: codePackageListQuery,
  responses: { 200: { description: "One page of packages.", schema: codePackagePageSchema } },
  async handler({ onecode, tenant, query }) {
    const { merchantId, status, limit, cursor } = query;
    const filter = {
      ...(merchantId === undefined ? {} : { merchantId }),
      ...(status === undefined ? {} : { status }),
    };
    return {
      status: 200,
      body: await onecode.codePackages.list(tenant, filter, { limit, cursor }),
    };
  },
});

const getCodePackage = defineRoute({
  method: "GET",
  path: "/v1/code-packages/{packageId}",
  operationId: "getCodePackage",
  summary: "Get a code package and its job's progress",
  description:
    "`done` of `total` codes are written; `status` tells whether the job is still running.",
  tags,
  auth: "staff",
  params: packageIdParams,
  responses: { 200: { description: "The package.", schema: codePackageSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.codePackages.get(tenant, params.packageId) };
  },
});

const retryCodePackage = defineRoute({
  method: "POST",
  path: "/v1/code-packages/{packageId}/retry",
  operationId: "retryCodePackage",
  summary: "Retry a failed generation job",
  description:
    "Needs the `admin` role. Puts a failed generation job back in the queue (`failed → queued`, `failureReason` and `failureCode` cleared) and runs it again in the background from its last committed chunk: the codes written before it failed stay, with their serials. A job whose cause is still there (a rule's sequence used up) fails again with the same reason. Jobs never fail for an outage of storage or hot state: they wait it out and continue by themselves, so this is for failures fixed since, such as an internal error (`failureCode: null`). Anything but a failed generation job is `INVALID_STATE_TRANSITION`.",
  tags,
  auth: "staff",
  params: packageIdParams,
  responses: {
    202: {
      description: "The job was requeued; the package, `queued` (or already `running`).",
      schema: codePackageSchema,
      headers: { Location: "Path of the package, which reports the job's progress." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "INVALID_STATE_TRANSITION"],
  async handler({ onecode, tenant, params, basePath }) {
    const pkg = await onecode.codePackages.retry(tenant, params.packageId);
    return { status: 202, body: pkg, headers: { location: packagePath(basePath, pkg.id) } };
  },
});

/** One `progress` event per change, then `done` with the final state (unless the client left). */
async function* progressEvents(
  changes: AsyncIterable<CodePackageProgress>,
  signal: AbortSignal,
): AsyncGenerator<SseEvent> {
  let last: CodePackageProgress | undefined;
  for await (const progress of changes) {
    last = progress;
    yield { event: "progress", data: progress };
  }
  if (last && !signal.aborted) yield { event: "done", data: last };
}

const watchCodePackage = defineRoute({
  method: "GET",
  path: "/v1/code-packages/{packageId}/events",
  operationId: "watchCodePackage",
  summary: "Follow a job's progress as Server-Sent Events",
  description:
    "A `progress` event with the current state at once and on every change, then one `done` event with the final state (`succeeded`, `failed` or `rejected`), after which the stream closes: close the `EventSource` on `done`, or it reconnects. A `: heartbeat` comment goes out every 15 seconds; an `error` event (`code`, `detail`) ends the stream if watching fails.",
  tags,
  auth: "staff",
  params: packageIdParams,
  responses: {
    200: {
      description: "The event stream; each event's `data` is one JSON object.",
      contentType: "text/event-stream",
      events: { progress: codePackageProgressSchema, done: codePackageProgressSchema },
    },
  },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params, request }) {
    const response = await sseResponse(
      (signal) =>
        progressEvents(onecode.codePackages.watch(tenant, params.packageId, { signal }), signal),
      { signal: request.signal },
    );
    return { response };
  },
});

const listCodes = defineRoute({
  method: "GET",
  path: "/v1/code-packages/{packageId}/codes",
  operationId: "listCodes",
  summary: "List a package's codes in serial order",
  description:
    "Pages by serial: pass `nextAfterSerial` back as `afterSerial`. Codes of a running job can be read as they are written.",
  tags,
  auth: "staff",
  capability: "codes.export",
  params: packageIdParams,
  query: codeListingQuery,
  responses: { 200: { description: "One page of codes.", schema: codeListingSchema } },
  errors: ["NOT_FOUND", "PACKAGE_NOT_READY"],
  async handler({ onecode, tenant, params, query }) {
    const listing = await onecode.codePackages.listCodes(tenant, params.packageId, query);
    return { status: 200, body: listing };
  },
});

/** The code package routes (`/v1/code-packages`): jobs and their retry, uploads, progress and listings. */
export const codePackageRoutes: readonly Route[] = [
  generateCodePackage,
  uploadCodePackage,
  listCodePackages,
  getCodePackage,
  retryCodePackage,
  watchCodePackage,
  listCodes,
];
