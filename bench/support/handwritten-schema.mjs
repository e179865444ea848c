// The hand-written baseline's tables, in a schema of their own in the
// benchmark's database: what a developer would create for the scan job
// without OneCode. One index per table (its key), as OneCode's scan tables:
// the scans key also serves "the scans of a code", newest last.
export const HANDWRITTEN_SCHEMA = "handwritten";

const DDL = `
CREATE SCHEMA ${HANDWRITTEN_SCHEMA};
SET search_path TO ${HANDWRITTEN_SCHEMA};
CREATE TABLE products (
  id text PRIMARY KEY,
  name text NOT NULL,
  specification text NOT NULL,
  description text NOT NULL,
  images text[] NOT NULL,
  gtin text
);
CREATE TABLE batches (
  id text PRIMARY KEY,
  product_id text NOT NULL REFERENCES products,
  batch_number text NOT NULL,
  production_date date NOT NULL,
  expiry_date date,
  custom_fields jsonb NOT NULL,
  status text NOT NULL CHECK (status IN ('inactive', 'active', 'frozen'))
);
CREATE TABLE codes (
  tenant_id text NOT NULL,
  code text NOT NULL,
  batch_id text NOT NULL REFERENCES batches,
  PRIMARY KEY (tenant_id, code)
);
CREATE TABLE scans (
  tenant_id text NOT NULL,
  code text NOT NULL,
  id bigint GENERATED ALWAYS AS IDENTITY,
  scanned_at timestamptz NOT NULL DEFAULT now(),
  verdict text NOT NULL,
  visitor_id text,
  user_id text,
  PRIMARY KEY (tenant_id, code, id)
);
CREATE TABLE code_scan_counts (
  tenant_id text NOT NULL,
  code text NOT NULL,
  scan_count bigint NOT NULL,
  first_scanned_at timestamptz NOT NULL,
  PRIMARY KEY (tenant_id, code)
);
`;

/**
 * Creates the baseline's tables with `client` (on the benchmark's database)
 * and fills them with the same catalog OneCode holds: `product` and `batch`
 * as OneCode's API returns them, `codes` of `tenantId` in that batch.
 */
export async function createHandwrittenData(client, { tenantId, product, batch, codes }) {
  await client.query(DDL);
  await client.query(
    "INSERT INTO products (id, name, specification, description, images, gtin) VALUES ($1, $2, $3, $4, $5, $6)",
    [
      product.id,
      product.name,
      product.specification,
      product.description,
      product.images,
      product.gtin,
    ],
  );
  await client.query(
    `INSERT INTO batches (id, product_id, batch_number, production_date, expiry_date, custom_fields, status)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      batch.id,
      product.id,
      batch.batchNumber,
      batch.productionDate,
      batch.expiryDate,
      JSON.stringify(batch.customFields),
      batch.status,
    ],
  );
  await client.query(
    "INSERT INTO codes (tenant_id, code, batch_id) SELECT $1, unnest($2::text[]), $3",
    [tenantId, codes, batch.id],
  );
  await client.query("RESET search_path");
}
