-- Generation jobs: the error code of a failure next to its reason, so a
-- client can switch on why a job failed (SEQUENCE_EXHAUSTED,
-- CODE_SPACE_EXHAUSTED, NOT_FOUND, UPLOAD_REJECTED) instead of parsing text.
-- NULL while a package has not failed, and for an unexpected internal error.
ALTER TABLE onecode_code_packages ADD COLUMN failure_code text;
ALTER TABLE onecode_code_packages ADD CONSTRAINT onecode_code_packages_failure_code_check
  CHECK (failure_code ~ '^[A-Z][A-Z_]{0,63}$');
