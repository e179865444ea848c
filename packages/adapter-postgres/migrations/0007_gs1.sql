-- GS1 identification (issue 9, point 17).

-- An enterprise's GS1 Global Location Number: EPCIS exports name the
-- enterprise by it (read point, business location, owning party).
ALTER TABLE onecode_enterprises
  ADD COLUMN gln text COLLATE "C",
  ADD CONSTRAINT onecode_enterprises_gln_check CHECK (gln ~ '^[0-9]{13}$');

-- Verdict 6: a scanned Digital Link whose GS1 key is not verified by a
-- matching code (no `oc`, or one naming another code). 4 and 5 are the
-- lifecycle verdicts (void, destroyed).
ALTER TABLE onecode_scans
  DROP CONSTRAINT IF EXISTS onecode_scans_verdict_check,
  ADD CONSTRAINT onecode_scans_verdict_check CHECK (verdict BETWEEN 0 AND 6);

-- GS1 keys of a generated package's packaging levels (own GTIN or SSCCs).
ALTER TABLE onecode_code_packages ADD COLUMN packaging_keys jsonb;

-- The token that starts the AI 21 serials of a package's codes: the first
-- 75 bits of SHA-256 over the package id in Crockford base 32 (core's
-- serialTokenOf). Indexed, so a scanned Digital Link without its code finds
-- the package its serial names. Existing packages are filled in here.
ALTER TABLE onecode_code_packages ADD COLUMN serial_token text COLLATE "C";
UPDATE onecode_code_packages AS p
SET serial_token = (
  SELECT string_agg(
    substr('0123456789abcdefghjkmnpqrstvwxyz', substring(b.bits FROM g * 5 + 1 FOR 5)::integer + 1, 1),
    '' ORDER BY g
  )
  FROM (
    SELECT ('x' || encode(substr(sha256(convert_to(p.id, 'UTF8')), 1, 10), 'hex'))::bit(80) AS bits
  ) AS b, generate_series(0, 14) AS g
);
ALTER TABLE onecode_code_packages ALTER COLUMN serial_token SET NOT NULL;
CREATE INDEX onecode_code_packages_serial_token_idx
  ON onecode_code_packages (tenant_id, serial_token);

-- The next SSCC serial reference per tenant, company prefix and extension
-- digit: references are reserved by advancing it, never handed out twice.
CREATE TABLE onecode_sscc_counters (
  tenant_id text COLLATE "C" NOT NULL,
  company_prefix text COLLATE "C" NOT NULL,
  extension_digit smallint NOT NULL,
  next_reference bigint NOT NULL,
  CONSTRAINT onecode_sscc_counters_pkey PRIMARY KEY (tenant_id, company_prefix, extension_digit),
  CONSTRAINT onecode_sscc_counters_prefix_check CHECK (company_prefix ~ '^[0-9]{6,12}$'),
  CONSTRAINT onecode_sscc_counters_digit_check CHECK (extension_digit BETWEEN 0 AND 9),
  CONSTRAINT onecode_sscc_counters_next_check CHECK (next_reference >= 0)
);
