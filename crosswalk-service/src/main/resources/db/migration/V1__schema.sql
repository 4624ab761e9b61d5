-- Crosswalk schema. Rules that protect the books live here as constraints, not only in Java.
-- Every company-owned table carries company_id and is tied to its parent by a composite foreign key
-- (company_id, id), so a row can never point at another company's record.

create table company (
    id                bigserial primary key,
    name              varchar(200) not null unique check (length(trim(name)) > 0),
    erp_display_name  varchar(60)  not null default 'Acumatica' check (length(trim(erp_display_name)) > 0),
    created_at        timestamptz  not null default now(),
    unique (id, name)
);

-- The company's ERP connection. Secrets are stored encrypted (AES-GCM, key from configuration).
create table erp_connection (
    company_id               bigint primary key references company (id) on delete cascade,
    erp_type                 varchar(30)  not null check (erp_type in ('acumatica')),
    base_url                 varchar(500) not null check (base_url ~ '^https?://'),
    tenant                   varchar(100),
    branch                   varchar(100),
    endpoint_name            varchar(60)  not null default 'Default',
    endpoint_version         varchar(30)  not null default '24.200.001',
    auth_mode                varchar(10)  not null default 'cookie' check (auth_mode in ('cookie', 'oauth')),
    username                 varchar(200),
    secret_encrypted         bytea,
    oauth_client_id          varchar(200),
    oauth_secret_encrypted   bytea,
    change_order_class       varchar(30)  not null default 'COMMITMENT',
    max_sessions             int not null default 2   check (max_sessions between 1 and 100),
    max_concurrent_requests  int not null default 4   check (max_concurrent_requests between 1 and 100),
    max_requests_per_minute  int not null default 600 check (max_requests_per_minute between 1 and 100000),
    updated_at               timestamptz not null default now()
);

-- Directory. A platform operator has no company; a company user always has one.
create table app_user (
    id                      bigserial primary key,
    company_id              bigint references company (id),
    login                   varchar(100) not null unique check (login ~ '^[A-Za-z0-9._@-]{2,100}$'),
    display_name            varchar(200) not null check (length(trim(display_name)) > 0),
    email                   varchar(320),
    password_hash           varchar(200),
    platform_operator       boolean not null default false,
    can_push_to_accounting  boolean not null default false,
    erp_integrations_level  varchar(10) not null default 'none' check (erp_integrations_level in ('none', 'read_only', 'standard', 'admin')),
    directory_level         varchar(10) not null default 'none' check (directory_level in ('none', 'read_only', 'standard', 'admin')),
    active                  boolean not null default true,
    created_at              timestamptz not null default now(),
    unique (company_id, id),
    check (platform_operator = (company_id is null)),
    check (not platform_operator or (not can_push_to_accounting
                                     and erp_integrations_level = 'none' and directory_level = 'none'))
);

-- Personal access tokens for the REST API; only a SHA-256 of the token is kept.
create table access_token (
    id            bigserial primary key,
    user_id       bigint not null references app_user (id) on delete cascade,
    name          varchar(100) not null check (length(trim(name)) > 0),
    token_sha256  char(64) not null unique,
    created_by    bigint not null references app_user (id),
    created_at    timestamptz not null default now(),
    last_used_at  timestamptz,
    revoked_at    timestamptz
);

create table project (
    id          bigserial primary key,
    company_id  bigint not null references company (id),
    number      varchar(30)  not null check (length(trim(number)) > 0),
    name        varchar(200) not null check (length(trim(name)) > 0),
    created_at  timestamptz not null default now(),
    unique (company_id, number),
    unique (company_id, id)
);

-- Project tool levels (Commitments), per user and project, both of the same company.
create table project_permission (
    company_id         bigint not null,
    user_id            bigint not null,
    project_id         bigint not null,
    commitments_level  varchar(10) not null default 'none' check (commitments_level in ('none', 'read_only', 'standard', 'admin')),
    primary key (user_id, project_id),
    foreign key (company_id, user_id) references app_user (company_id, id) on delete cascade,
    foreign key (company_id, project_id) references project (company_id, id) on delete cascade
);

-- Cost codes and cost types are mirrored from the ERP; erp_code is null when the ERP does not have it.
create table cost_code (
    id          bigserial primary key,
    company_id  bigint not null references company (id),
    code        varchar(30)  not null check (length(trim(code)) > 0),
    description varchar(255) not null default '',
    erp_code    varchar(30),
    imported_at timestamptz,
    unique (company_id, code),
    unique (company_id, id)
);

create table cost_type (
    id          bigserial primary key,
    company_id  bigint not null references company (id),
    code        varchar(10)  not null check (length(trim(code)) > 0),
    name        varchar(100) not null check (length(trim(name)) > 0),
    erp_code    varchar(30),
    unique (company_id, code),
    unique (company_id, id)
);

create table vendor (
    id          bigserial primary key,
    company_id  bigint not null references company (id),
    name        varchar(200) not null check (length(trim(name)) > 0),
    created_at  timestamptz not null default now(),
    unique (company_id, name),
    unique (company_id, id)
);

create table commitment (
    id          bigserial primary key,
    company_id  bigint not null,
    project_id  bigint not null,
    vendor_id   bigint not null,
    kind        varchar(20)  not null check (kind in ('subcontract', 'purchase_order')),
    number      varchar(30)  not null check (length(trim(number)) > 0),
    title       varchar(255) not null check (length(trim(title)) > 0),
    status      varchar(20)  not null default 'draft'
                check (status in ('draft', 'out_for_signature', 'approved', 'complete', 'terminated', 'void')),
    created_at  timestamptz not null default now(),
    updated_at  timestamptz not null default now(),
    version     int not null default 0,
    unique (project_id, number),
    unique (company_id, id),
    unique (company_id, project_id, id),
    foreign key (company_id, project_id) references project (company_id, id),
    foreign key (company_id, vendor_id) references vendor (company_id, id)
);

create table commitment_line (
    id             bigserial primary key,
    company_id     bigint not null,
    commitment_id  bigint not null,
    line_number    int not null check (line_number > 0),
    cost_code_id   bigint,
    cost_type_id   bigint,
    description    varchar(255) not null default '',
    amount         numeric(15, 2) not null check (amount between -9999999999999.99 and 9999999999999.99),
    unique (commitment_id, line_number),
    unique (company_id, id),
    unique (company_id, commitment_id, id),
    foreign key (company_id, commitment_id) references commitment (company_id, id) on delete cascade,
    foreign key (company_id, cost_code_id) references cost_code (company_id, id),
    foreign key (company_id, cost_type_id) references cost_type (company_id, id)
);

create table commitment_change_order (
    id             bigserial primary key,
    company_id     bigint not null,
    project_id     bigint not null,
    commitment_id  bigint not null,
    number         varchar(10)  not null check (number ~ '^[0-9]{3,10}$'),
    title          varchar(255) not null check (length(trim(title)) > 0),
    status         varchar(20)  not null default 'draft'
                   check (status in ('draft', 'pending', 'approved', 'rejected', 'void')),
    change_date    date,
    description    varchar(4000) not null default '',
    created_by     bigint references app_user (id),
    created_at     timestamptz not null default now(),
    updated_at     timestamptz not null default now(),
    version        int not null default 0,
    unique (commitment_id, number),
    unique (company_id, id),
    foreign key (company_id, project_id, commitment_id) references commitment (company_id, project_id, id)
);

create table cco_line_item (
    id                  bigserial primary key,
    company_id          bigint not null,
    cco_id              bigint not null,
    commitment_id       bigint not null,
    line_number         int not null check (line_number > 0),
    commitment_line_id  bigint,
    cost_code_id        bigint,
    cost_type_id        bigint,
    description         varchar(255) not null default '',
    quantity            numeric(15, 4) not null default 1 check (quantity between -99999999999.9999 and 99999999999.9999),
    unit_cost           numeric(15, 4) not null default 0 check (unit_cost between -99999999999.9999 and 99999999999.9999),
    amount              numeric(15, 2) not null check (amount between -9999999999999.99 and 9999999999999.99),
    unique (cco_id, line_number),
    foreign key (company_id, cco_id) references commitment_change_order (company_id, id) on delete cascade,
    -- the changed SOV line must belong to the CCO's own commitment
    foreign key (company_id, commitment_id, commitment_line_id)
        references commitment_line (company_id, commitment_id, id),
    foreign key (company_id, cost_code_id) references cost_code (company_id, id),
    foreign key (company_id, cost_type_id) references cost_type (company_id, id)
);

-- A link between one of our records and its twin in the ERP. Exactly one record per link, and a record
-- (or an ERP record) is linked at most once.
create table erp_link (
    id             bigserial primary key,
    company_id     bigint not null,
    record_type    varchar(30) not null
                   check (record_type in ('vendor', 'project', 'commitment', 'commitment_change_order')),
    vendor_id      bigint,
    project_id     bigint,
    commitment_id  bigint,
    cco_id         bigint,
    erp_id         uuid,
    erp_key        varchar(100) not null check (length(trim(erp_key)) > 0),
    external_ref   varchar(30),
    payload_sha256 char(64),
    erp_status     varchar(20) not null default 'present'
                   check (erp_status in ('present', 'reversal_pending', 'gone', 'unknown')),
    erp_checked_at timestamptz,
    linked_at      timestamptz not null default now(),
    linked_by      bigint references app_user (id),
    check (num_nonnulls(vendor_id, project_id, commitment_id, cco_id) = 1),
    check ((record_type = 'vendor') = (vendor_id is not null)),
    check ((record_type = 'project') = (project_id is not null)),
    check ((record_type = 'commitment') = (commitment_id is not null)),
    check ((record_type = 'commitment_change_order') = (cco_id is not null)),
    unique (vendor_id),
    unique (project_id),
    unique (commitment_id),
    unique (cco_id),
    unique (company_id, record_type, erp_key),
    foreign key (company_id, vendor_id) references vendor (company_id, id),
    foreign key (company_id, project_id) references project (company_id, id),
    foreign key (company_id, commitment_id) references commitment (company_id, id),
    foreign key (company_id, cco_id) references commitment_change_order (company_id, id)
);

-- Where a commitment or CCO stands in the export workflow. One row per record; no row = never sent.
create table erp_export (
    id               bigserial primary key,
    company_id       bigint not null,
    record_type      varchar(30) not null check (record_type in ('commitment', 'commitment_change_order')),
    commitment_id    bigint,
    cco_id           bigint,
    state            varchar(20) not null
                     check (state in ('ready_to_export', 'exporting', 'synced', 'failed', 'rejected', 'retrieved', 'unlinked')),
    -- our key in the ERP (Acumatica ExternalRefNbr); a new generation after every unlink so that a
    -- re-export never adopts the reversed ERP record
    external_ref     varchar(30) not null,
    generation       int not null default 1 check (generation > 0),
    job_instance_id  varchar(100),
    sent_by          bigint references app_user (id),
    sent_at          timestamptz,
    accepted_by      bigint references app_user (id),
    accepted_at      timestamptz,
    rejection_reason varchar(1000),
    last_error       varchar(4000),
    attempts         int not null default 0 check (attempts >= 0),
    synced_at        timestamptz,
    synced_by        bigint references app_user (id),
    updated_at       timestamptz not null default now(),
    version          int not null default 0,
    check (num_nonnulls(commitment_id, cco_id) = 1),
    check ((record_type = 'commitment') = (commitment_id is not null)),
    check ((record_type = 'commitment_change_order') = (cco_id is not null)),
    check (state <> 'rejected' or rejection_reason is not null),
    unique (commitment_id),
    unique (cco_id),
    unique (company_id, record_type, external_ref),
    foreign key (company_id, commitment_id) references commitment (company_id, id) on delete cascade,
    foreign key (company_id, cco_id) references commitment_change_order (company_id, id) on delete cascade
);
create index erp_export_list_idx on erp_export (company_id, record_type, state, updated_at desc, id desc);
create index erp_link_list_idx on erp_link (company_id, record_type, linked_at desc, id desc);

-- Append-only audit log: written in the same transaction as the change it records.
create table audit_event (
    id            bigserial primary key,
    company_id    bigint references company (id),
    occurred_at   timestamptz not null default now(),
    actor_user_id bigint references app_user (id),
    actor_login   varchar(100),
    action        varchar(60) not null,
    record_type   varchar(40) not null,
    record_id     bigint,
    summary       varchar(1000) not null default '',
    before_state  jsonb,
    after_state   jsonb
);
create index audit_event_record_idx on audit_event (company_id, record_type, record_id, id);

create function audit_event_is_append_only() returns trigger language plpgsql as $$
begin
    raise exception 'audit_event is append-only';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
    for each row execute function audit_event_is_append_only();
create trigger audit_event_no_truncate before truncate on audit_event
    for each statement execute function audit_event_is_append_only();
