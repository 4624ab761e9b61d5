-- Acumatica push notifications (issue 20). Each company that wants them gets a secret: Acumatica sends it in the
-- webhook destination's custom header (Header Name X-Crosswalk-Secret), Crosswalk compares it in constant time.
create table erp_push_setup (
    company_id        bigint primary key references company (id) on delete cascade,
    secret_encrypted  bytea       not null,
    created_at        timestamptz not null default now(),
    rotated_at        timestamptz not null default now()
);

-- Every notification is stored first, once per Acumatica Id (its data transaction: a resent or duplicated delivery
-- is the same row), then processed by a db-scheduler task that re-reads from the ERP the records it names.
create table erp_push_notification (
    id               bigserial primary key,
    company_id       bigint       not null references company (id) on delete cascade,
    notification_id  varchar(100) not null check (length(notification_id) > 0),
    query            varchar(300) not null,
    erp_timestamp    bigint,
    payload          jsonb        not null,
    received_at      timestamptz  not null default now(),
    processed_at     timestamptz,
    records_checked  int,
    unique (company_id, notification_id)
);
create index erp_push_notification_recent_idx on erp_push_notification (company_id, received_at desc);
