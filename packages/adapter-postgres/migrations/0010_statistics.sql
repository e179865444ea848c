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
