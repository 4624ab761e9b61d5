-- #13: crash anywhere, start again at once.
-- The ERP sessions each instance holds (encrypted cookies / access token, as the ERP credentials are), so that the
-- sessions of an instance killed before it could sign out are signed out by the next start (or by another live
-- instance) instead of holding the licence's API users until the ERP times them out (Acumatica: 10 minutes).
create table erp_session (
    id                    uuid        primary key,
    company_id            bigint      not null references company (id) on delete cascade,
    instance_id           uuid        not null,
    base_url              text        not null,
    credentials_encrypted bytea       not null,
    opened_at             timestamptz not null default now(),
    updated_at            timestamptz not null default now()
);
create index erp_session_instance on erp_session (instance_id);

-- An instance on this host whose process is gone is dead at once, not only after its missed heartbeats: a service
-- killed and started again at once gets the whole licence share and the dead one's sessions signed out right away.
alter table service_instance add column pid bigint;
alter table service_instance add column process_started_at timestamptz;
