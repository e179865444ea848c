-- Consumer scans record what they resolved to and who declared what.
--
-- onecode_scans gains the visitor id the client declared (visitor_id is
-- now the visitor the scan counts for: a hash of the client address, so ids
-- declared by one address count as one visitor), and the trace batch and
-- product the code resolved to (NULL for unknown or unbound codes), so
-- per-batch and per-product statistics need no join through code
-- locations. No index comes with them: the table's only index stays its
-- primary key, the cheapest hottest insert. Rows recorded before this
-- migration keep NULL in all three.

ALTER TABLE onecode_scans
  ADD COLUMN declared_visitor_id text COLLATE "C",
  ADD COLUMN batch_id text COLLATE "C",
  ADD COLUMN product_id text COLLATE "C";
