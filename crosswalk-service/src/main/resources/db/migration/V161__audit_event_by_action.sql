-- The home page's exports per day (ErpWork.exportsPerDay) reads a company's export.synced / export.failed audit events
-- of the last 30 days: by company, action and time, not through the per-record index.
create index audit_event_action_idx on audit_event (company_id, action, occurred_at);
