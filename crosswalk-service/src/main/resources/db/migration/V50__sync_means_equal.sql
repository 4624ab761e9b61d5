-- "Synced means equal" (issue 12). The sync lifecycle (erp/sync) keeps, per exported record:
--   * what is exported: the payload fixed at Accept as canonical JSON, and its SHA-256;
--   * how far an attempt got: erp_touched_at is written durably *before* the first ERP write of a generation, so an
--     attempt after it looks the record up in the ERP by our key first (and one before it need not);
--   * a lease bumped by every execution of the export task: an execution that finds the lease changed after its
--     insert knows a revived execution took over and removes what it inserted (no second ERP record);
--   * the retry plan: next_attempt_at, failure_kind (refused by the ERP / unreachable / internal error);
--   * what a failed attempt left in the ERP (leftover_key, leftover_status), shown to people.
alter table erp_export
    add column payload         jsonb,
    add column payload_sha256  char(64),
    add column lease           int not null default 0,
    add column erp_touched_at  timestamptz,
    add column next_attempt_at timestamptz,
    add column failure_kind    varchar(20) check (failure_kind in ('refused', 'unreachable', 'internal')),
    add column leftover_key    varchar(100),
    add column leftover_status varchar(40);

-- The link keeps the payload the ERP record was found equal to, and what reconciliation found different since.
alter table erp_link
    add column payload         jsonb,
    add column erp_differences jsonb;
alter table erp_link drop constraint erp_link_erp_status_check;
alter table erp_link add constraint erp_link_erp_status_check
    check (erp_status in ('present', 'reversal_pending', 'gone', 'changed', 'unknown'));

-- Our keys of earlier generations that may still hold something in the ERP (an attempt reached the ERP, then the
-- record was rejected and a new generation began). The next export of the record, and reconciliation, look them up:
-- an unreleased document is removed, a released one with other content is reported for a person to reverse.
-- No foreign key to the record: a record deleted after its rejection still leaves its leftover to clean up.
create table erp_leftover (
    id           bigserial primary key,
    company_id   bigint not null references company (id),
    record_type  varchar(30) not null,
    record_id    bigint not null,
    external_ref varchar(30) not null,
    erp_key      varchar(100),
    erp_status   varchar(40),
    note         varchar(1000),
    found_at     timestamptz not null default now(),
    resolved_at  timestamptz,
    resolution   varchar(300),
    unique (company_id, record_type, external_ref)
);
create index erp_leftover_open_idx on erp_leftover (company_id, record_type, record_id) where resolved_at is null;

-- The company's time zone: the ERP date of a record exported without a date is "today" there, not in the JVM's zone.
alter table company add column time_zone varchar(60) not null default 'UTC';
