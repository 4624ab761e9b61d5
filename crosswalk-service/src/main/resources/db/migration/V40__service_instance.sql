-- The running service instances (#9): each beats every few seconds; the live ones share each company's ERP licence
-- limits (API users, concurrent requests, requests per minute) between them. A row is removed on clean shutdown;
-- one that stopped beating counts as gone after a few missed beats and is deleted later by any live instance.
create table service_instance (
    id           uuid        primary key,
    host         text        not null,
    started_at   timestamptz not null default now(),
    heartbeat_at timestamptz not null default now()
);
create index service_instance_heartbeat on service_instance (heartbeat_at);
