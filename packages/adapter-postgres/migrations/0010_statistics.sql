-- Statistics (扫码统计, 码量统计): what the aggregating queries of the
-- statistics repository need.
--
-- Trace batches remember when they were first activated: activated codes
-- are counted by that time. Freezing and re-activating keep it. Batches
-- already active or frozen were activated at some time no row kept; their
-- last change (updated_at) stands in for it: exact for a batch not changed
-- since its activation, otherwise a little later than the activation.
ALTER TABLE onecode_trace_batches ADD COLUMN activated_at timestamptz;
UPDATE onecode_trace_batches SET activated_at = updated_at WHERE status IN ('active', 'frozen');

-- Scans by period. Scans are appended in time order, so the heap is
-- ordered by scanned_at and a BRIN index (a few pages for millions of
-- rows) narrows a period to the pages holding it. It is the cheapest index
-- a scan insert can maintain: nothing for rows on pages past the last
-- summarized range, at most one summary widened otherwise; a B-tree would
-- add a second tree insert to the hottest write. autosummarize has
-- autovacuum summarize each range once full, so recent periods stay narrow
-- too. (Measured by `npm run bench -- scan-statistics`.)
CREATE INDEX onecode_scans_scanned_at_brin ON onecode_scans USING brin (scanned_at)
  WITH (autosummarize = on);
