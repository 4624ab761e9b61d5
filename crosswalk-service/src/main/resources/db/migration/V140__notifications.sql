-- Notifications (issue 19): who is told what, and the e-mails waiting to go.
--
-- notification_preference: per user and kind, instant (at once) or daily (one digest a day); no row = instant.
create table notification_preference (
    user_id  bigint not null references app_user (id) on delete cascade,
    kind     varchar(30) not null check (kind in ('ready_to_export', 'resent', 'rejected', 'failed')),
    delivery varchar(10) not null check (delivery in ('instant', 'daily')),
    primary key (user_id, kind)
);

-- The outbox: one row per recipient of an audit event that tells someone something. Written and sent by a
-- db-scheduler task that reads the audit log (never by a request or an export thread); an event is turned into
-- notifications once per recipient (the unique key), however often it is read.
create table notification (
    id              bigserial primary key,
    company_id      bigint not null references company (id),
    user_id         bigint not null references app_user (id) on delete cascade,
    audit_event_id  bigint not null,
    kind            varchar(30) not null check (kind in ('ready_to_export', 'resent', 'rejected', 'failed')),
    delivery        varchar(10) not null check (delivery in ('instant', 'daily')),
    email           varchar(320) not null,
    subject         varchar(300) not null,
    body            text not null,
    created_at      timestamptz not null default now(),
    sent_at         timestamptz,
    attempts        int not null default 0,
    last_error      varchar(1000),
    unique (audit_event_id, user_id)
);
create index notification_unsent_idx on notification (delivery, id) where sent_at is null;

-- How far the task has read the audit log (it reads a window behind it too: events commit out of id order).
create table notification_cursor (
    id             int primary key check (id = 1),
    last_event_id  bigint not null
);
insert into notification_cursor (id, last_event_id) select 1, coalesce(max(id), 0) from audit_event;
