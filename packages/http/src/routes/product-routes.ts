import { checkNewProduct, checkProductPatch } from "@onecode/core/input-rules";
import { defineRoute, type Route } from "../define-route.js";
import {
  newProductSchema,
  productIdParams,
  productListQuery,
  productPageSchema,
  productPatchSchema,
  productSchema,
} from "../schemas/product-schemas.js";

const tags = ["products"];

const createProduct = defineRoute({
  method: "POST",
  path: "/v1/products",
  operationId: "createProduct",
  summary: "Create a product of a merchant",
  description:
    "Needs the `admin` role. `NOT_FOUND` names `merchantId` when the merchant is missing.",
  tags,
  auth: "staff",
  body: newProductSchema,
  coreCheck: checkNewProduct,
  responses: {
    201: {
      description: "The new product.",
      schema: productSchema,
      headers: { Location: "Path of the new product." },
    },
  },
  errors: ["FORBIDDEN", "NOT_FOUND", "GTIN_TAKEN"],
  async handler({ onecode, tenant, body, basePath }) {
    const product = await onecode.products.create(tenant, body);
    const location = `${basePath}/v1/products/${encodeURIComponent(product.id)}`;
    return { status: 201, body: product, headers: { location } };
  },
});

const listProducts = defineRoute({
  method: "GET",
  path: "/v1/products",
  operationId: "listProducts",
  summary: "List products, newest first",
  tags,
  auth: "staff",
  query: productListQuery,
  responses: { 200: { description: "One page of products.", schema: productPageSchema } },
  async handler({ onecode, tenant, query }) {
    const { merchantId, limit, cursor } = query;
    const filter = merchantId === undefined ? {} : { merchantId };
    return { status: 200, body: await onecode.products.list(tenant, filter, { limit, cursor }) };
  },
});

const getProduct = defineRoute({
  method: "GET",
  path: "/v1/products/{productId}",
  operationId: "getProduct",
  summary: "Get a product",
  tags,
  auth: "staff",
  params: productIdParams,
  responses: { 200: { description: "The product.", schema: productSchema } },
  errors: ["NOT_FOUND"],
  async handler({ onecode, tenant, params }) {
    return { status: 200, body: await onecode.products.get(tenant, params.productId) };
  },
});

const updateProduct = defineRoute({
  method: "PATCH",
  path: "/v1/products/{productId}",
  operationId: "updateProduct",
  summary: "Change fields of a product",
  description: "Needs the `admin` role. The merchant never changes (`FIELD_IMMUTABLE`).",
  tags,
  auth: "staff",
  params: productIdParams,
  body: productPatchSchema,
  coreCheck: checkProductPatch,
  responses: { 200: { description: "The updated product.", schema: productSchema } },
  errors: ["FORBIDDEN", "NOT_FOUND", "FIELD_IMMUTABLE", "GTIN_TAKEN"],
  async handler({ onecode, tenant, params, body }) {
    return { status: 200, body: await onecode.products.update(tenant, params.productId, body) };
  },
});

const deleteProduct = defineRoute({
  method: "DELETE",
  path: "/v1/products/{productId}",
  operationId: "deleteProduct",
  summary: "Delete a product without bound codes",
  description: "Needs the `admin` role.",
  tags,
  auth: "staff",
  params: productIdParams,
  responses: { 204: { description: "The product was deleted." } },
  errors: ["FORBIDDEN", "NOT_FOUND", "PRODUCT_HAS_CODES"],
  async handler({ onecode, tenant, params }) {
    await onecode.products.delete(tenant, params.productId);
    return { status: 204 };
  },
});

/** The product routes (`/v1/products`). */
export const productRoutes: readonly Route[] = [
  createProduct,
  listProducts,
  getProduct,
  updateProduct,
  deleteProduct,
];
