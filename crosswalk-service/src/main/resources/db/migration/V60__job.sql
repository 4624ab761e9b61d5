-- Long ERP work as background jobs (#14): Check the ERP now, bulk unlink, cost-code import, vendor/project link and
-- export, bulk Accept and Retry. Each job is one db-scheduler execution (task 'crosswalk-job', instance = job id);
-- this table is what people see of it: its progress while it runs, its result and one row per record it handled.
create table job (
    id            bigserial primary key,
    company_id    bigint not null references company (id) on delete cascade,
    -- what it does, e.g. 'reconcile', 'bulk_unlink' (the handler's name)
    kind          varchar(40) not null check (kind ~ '^[a-z_]{2,40}$'),
    -- what it acts on when the kind is per record (e.g. 'vendor:12'); '' for company-wide kinds
    subject       varchar(100) not null default '',
    state         varchar(10) not null check (state in ('queued', 'running', 'finished', 'failed')),
    requested_by  bigint references app_user (id),
    input         jsonb,
    done          int not null default 0 check (done >= 0),
    total         int check (total >= 0),
    -- one sentence a person reads when it has finished (or why it failed)
    summary       varchar(2000),
    -- how many of its records ended in a refusal or an error
    errors        int not null default 0 check (errors >= 0),
    created_at    timestamptz not null default now(),
    started_at    timestamptz,
    finished_at   timestamptz,
    updated_at    timestamptz not null default now(),
    check ((state in ('finished', 'failed')) = (finished_at is not null))
);
-- Single flight: at most one queued or running job per company, kind and subject. A second click finds this one.
create unique index job_single_flight on job (company_id, kind, subject) where state in ('queued', 'running');
create index job_recent on job (company_id, id desc);

-- The result for each record a job handled, in the order handled; written as it goes, so a job revived after a
-- crash carries on where it stopped.
create table job_item (
    job_id     bigint not null references job (id) on delete cascade,
    seq        int not null check (seq >= 0),
    record_id  bigint not null,
    label      varchar(200),
    ok         boolean not null,
    -- the HTTP-like status of this record's outcome (200 done, 403, 404, 409, 503, 500)
    status     int not null,
    message    varchar(2000) not null,
    primary key (job_id, seq),
    unique (job_id, record_id)
);
