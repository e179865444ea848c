import { checkCustomRule, checkQuickRule, checkRulePatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  codeRuleListQuery,
  codeRulePageSchema,
  codeRulePatchSchema,
  codeRuleSchema,
  newCodeRuleSchema,
  ruleIdParams,
} from "../schemas/code-rule-schemas.js";

const tags = ["code-rules"];

/** The body without its `mode` tag, which only picks the core function. */
function withoutMode<T extends { mode: string }>({ mode: _mode, ...input }: T): Omit<T, "mode"> {
  return input;
}

/** Core's check of the rule the body's `mode` asks for (none for an unknown mode). */
function checkCodeRuleOfMode(body: { mode?: unknown }): void {
  if (body.mode === "quick") checkQuickRule(body as Parameters<typeof checkQuickRule>[0]);
  if (body.mode === "custom") checkCustomRule(body as Parameters<typeof checkCustomRule>[0]);
}

const createCodeRule = defineRoute({
  method: "POST",
  path: "/v1/code-rules",
  operationId: "createCodeRule",
  summary: "Create a quick or custom code rule",
  description:
    "Needs the `admin` role. `mode: quick` makes one random segment (快速生码); `mode: custom` takes an ordered segment list (自定义码规则) whose lengths add up to `length`. The merchant must generate its codes (`platform`).",
  tags,
  auth: "staff",
  body: newCodeRuleSchema,
  coreCheck: checkCodeRuleOfMode,
  responses: {
    201: {
      description: "The new rule.",
      schema: codeRuleSchema,
      headers: { Location: "Path of the new rule." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "CODE_SOURCE_MISMATCH"],
  async handler({ onecode, tenant, body, basePath }) {
    const rule =
      body.mode === "quick"
        ? await onecode.codeRules.createQuick(tenant, withoutMode(body))
        : await onecode.codeRules.createCustom(tenant, withoutMode(body));
    const location = `${basePath}/v1/code-rules/${encodeURIComponent(rule.id)}`;
    return { status: 201, body: rule, headers: { location } };
  },
});

const listCodeRules = defineRoute({
  method: "GET",
  path: "/v1/code-rules",
  operationId: "listCodeRules",
  summary: "List code rules, newest first",
  tags,
  auth: "staff",
  query: codeRuleListQuery,
  responses: { 200: { description: "One page of rules.", schema: codeRulePageSchema } },
  async handler({ onecode, tenant, query }) {
    const { merchantId, limit, cursor } = query;
    const filter = merchantId === undefined ? {} : { merchantId };
    return { status: 200, body: await onecode.codeRules.list(tenant, filter, { limit, cursor }) };
  },
});

const getCodeRule = defineRoute({
  method: "GET",
  path: "/v1/code-rules/{ruleId}",
  operationId: "getCodeRule",
  summary: "Get a code rule",
  tags,
  auth: "staff",
  params: ruleIdParams,
  responses: { 200: { description: "The rule.", schema: codeRuleSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.codeRules.get(tenant, params.ruleId) };
  },
});

const updateCodeRule = defineRoute({
  method: "PATCH",
  path: "/v1/code-rules/{ruleId}",
  operationId: "updateCodeRule",
  summary: "Rename, enable or disable a code rule",
  description: "Needs the `admin` role. A disabled rule (失效) cannot generate.",
  tags,
  auth: "staff",
  params: ruleIdParams,
  body: codeRulePatchSchema,
  coreCheck: checkRulePatch,
  responses: { 200: { description: "The updated rule.", schema: codeRuleSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.codeRules.update(tenant, params.ruleId, body) };
  },
});

const deleteCodeRule = defineRoute({
  method: "DELETE",
  path: "/v1/code-rules/{ruleId}",
  operationId: "deleteCodeRule",
  summary: "Delete a code rule that never generated",
  description:
    "Needs the `admin` role. A rule packages were generated with cannot be deleted; disable it instead.",
  tags,
  auth: "staff",
  params: ruleIdParams,
  responses: { 204: { description: "The rule was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "CODE_RULE_IN_USE"],
  async handler({ onecode, tenant, params }) {
    await onecode.codeRules.delete(tenant, params.ruleId);
    return { status: 204 };
  },
});

/** The code rule routes (`/v1/code-rules`). */
export const codeRuleRoutes: readonly Route[] = [
  createCodeRule,
  listCodeRules,
  getCodeRule,
  updateCodeRule,
  deleteCodeRule,
];
