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
