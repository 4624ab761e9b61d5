-- Project budget and job-to-date costs imported from the ERP (#18).

-- The ERP account group a cost type stands for (Acumatica budget lines are keyed by account group, e.g. SUBCON).
alter table cost_type add column erp_account_group varchar(30) check (erp_account_group is null or length(trim(erp_account_group)) > 0);
create unique index cost_type_account_group on cost_type (company_id, erp_account_group) where erp_account_group is not null;

-- How often the company's linked projects' budgets are imported (default nightly; at least every 15 minutes).
create table budget_schedule (
    company_id        bigint primary key references company (id) on delete cascade,
    interval_minutes  int not null default 1440 check (interval_minutes between 15 and 10080),
    enabled           boolean not null default true,
    last_round_at     timestamptz
);

-- One cost budget line of a project as the ERP has it, by its ERP budget key; linked to our cost code and cost type.
create table budget_line (
    id                 bigserial primary key,
    company_id         bigint not null,
    project_id         bigint not null,
    erp_task           varchar(30)  not null,
    erp_account_group  varchar(30)  not null,
    erp_inventory      varchar(30)  not null default '',
    erp_cost_code      varchar(30)  not null default '',
    cost_code_id       bigint,
    cost_type_id       bigint,
    description        varchar(255) not null default '',
    original_amount    numeric(15, 2) not null,
    approved_changes   numeric(15, 2) not null,
    revised_amount     numeric(15, 2) not null,
    erp_committed      numeric(15, 2) not null,
    erp_committed_open numeric(15, 2) not null,
    actual_amount      numeric(15, 2) not null,
    cost_to_complete   numeric(15, 2),
    imported_at        timestamptz not null default now(),
    unique (company_id, project_id, erp_task, erp_account_group, erp_inventory, erp_cost_code),
    unique (company_id, id),
    foreign key (company_id, project_id) references project (company_id, id) on delete cascade,
    foreign key (company_id, cost_code_id) references cost_code (company_id, id),
    foreign key (company_id, cost_type_id) references cost_type (company_id, id)
);

-- One released cost line of a project in the ERP (job-to-date costs, for drill-down and cost over time).
create table budget_transaction (
    id                 bigserial primary key,
    company_id         bigint not null,
    project_id         bigint not null,
    erp_module         varchar(10)  not null,
    erp_ref_nbr        varchar(30)  not null,
    erp_line_id        bigint       not null,
    txn_date           date,
    document           varchar(60)  not null default '',
    vendor             varchar(60)  not null default '',
    description        varchar(255) not null default '',
    amount             numeric(15, 2) not null,
    erp_task           varchar(30)  not null default '',
    erp_account_group  varchar(30)  not null default '',
    erp_cost_code      varchar(30)  not null default '',
    cost_code_id       bigint,
    cost_type_id       bigint,
    unique (company_id, project_id, erp_module, erp_ref_nbr, erp_line_id),
    foreign key (company_id, project_id) references project (company_id, id) on delete cascade,
    foreign key (company_id, cost_code_id) references cost_code (company_id, id),
    foreign key (company_id, cost_type_id) references cost_type (company_id, id)
);
create index budget_transaction_project on budget_transaction (company_id, project_id, txn_date);

-- Each import of a project's budget and costs: when, by which job, how many ERP requests, and what changed.
create table budget_import (
    id            bigserial primary key,
    company_id    bigint not null,
    project_id    bigint not null,
    job_id        bigint references job (id) on delete set null,
    imported_at   timestamptz not null default now(),
    erp_requests  int,
    lines         int not null,
    transactions  int not null,
    changes       int not null,
    foreign key (company_id, project_id) references project (company_id, id) on delete cascade
);
create index budget_import_recent on budget_import (company_id, project_id, id desc);

-- What one import changed: a line or transaction added, removed, or a figure changed (old → new).
create table budget_import_change (
    id          bigserial primary key,
    import_id   bigint not null references budget_import (id) on delete cascade,
    kind        varchar(10)  not null check (kind in ('added', 'changed', 'removed')),
    subject     varchar(200) not null,
    field       varchar(40),
    old_value   varchar(60),
    new_value   varchar(60)
);
