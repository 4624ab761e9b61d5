-- Outgoing webhooks for integrators: a company's subscriptions (URL, events, a secret that signs each payload, kept
-- encrypted), each event's delivery (the exact JSON body, enqueued in the transaction of the lifecycle event) and
-- each attempt to deliver it (response code, error, time).
create table webhook (
    id                bigserial primary key,
    company_id        bigint not null references company (id),
    url               varchar(2000) not null check (url ~ '^https?://'),
    events            varchar(20)[] not null check (cardinality(events) > 0
                                                    and events <@ array['exported', 'failed', 'unlinked', 'drift']::varchar(20)[]),
    description       varchar(200),
    active            boolean not null default true,
    secret_encrypted  bytea not null,
    created_by        bigint references app_user (id),
    created_at        timestamptz not null default now(),
    updated_at        timestamptz not null default now()
);

create index webhook_company on webhook (company_id) where active;

create table webhook_delivery (
    id              bigserial primary key,
    company_id      bigint not null references company (id),
    webhook_id      bigint not null references webhook (id) on delete cascade,
    event           varchar(20) not null,
    payload         text not null,
    state           varchar(10) not null default 'pending' check (state in ('pending', 'delivered', 'failed')),
    attempts        int not null default 0,
    redelivery_of   bigint references webhook_delivery (id) on delete set null,
    created_at      timestamptz not null default now(),
    finished_at     timestamptz
);

create index webhook_delivery_log on webhook_delivery (webhook_id, id desc);

create table webhook_attempt (
    id              bigserial primary key,
    delivery_id     bigint not null references webhook_delivery (id) on delete cascade,
    attempt         int not null check (attempt > 0),
    attempted_at    timestamptz not null default now(),
    response_code   int,
    error           varchar(1000),
    duration_ms     int not null default 0,
    unique (delivery_id, attempt)
);
