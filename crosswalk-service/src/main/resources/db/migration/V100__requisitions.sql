-- Subcontractor invoices (pay applications; Procore's API calls them requisitions), issue 17.
-- The commitment's retainage percent: the default of its invoices' lines (work and materials), overridable per line.
alter table commitment add column retainage_percent numeric(7, 4) not null default 0
    check (retainage_percent between 0 and 100);

create table requisition (
    id              bigserial primary key,
    company_id      bigint not null,
    project_id      bigint not null,
    commitment_id   bigint not null,
    number          int not null check (number > 0),
    period_start    date not null,
    period_end      date not null,
    billing_date    date not null,
    status          varchar(30) not null default 'draft'
                    check (status in ('draft', 'under_review', 'revise_and_resubmit', 'approved', 'approved_as_noted', 'paid')),
    description     varchar(4000) not null default '',
    -- kept by the service: "Invoice #2, 2026-03-01 – 2026-03-31", and the G702 current payment due (for the lists)
    title           varchar(255) not null default '',
    current_payment_due numeric(15, 2) not null default 0,
    -- payments read back from the ERP (checks applied to the bill)
    amount_paid     numeric(15, 2) not null default 0,
    paid_date       date,
    check_numbers   varchar(300),
    payments_read_at timestamptz,
    created_by      bigint references app_user (id),
    created_at      timestamptz not null default now(),
    updated_at      timestamptz not null default now(),
    version         int not null default 0,
    check (period_end >= period_start),
    unique (commitment_id, number),
    unique (company_id, id),
    foreign key (company_id, project_id, commitment_id) references commitment (company_id, project_id, id)
);
create index requisition_project_idx on requisition (project_id, commitment_id, number);

create table requisition_line (
    id                          bigserial primary key,
    company_id                  bigint not null,
    requisition_id              bigint not null,
    commitment_id               bigint not null,
    commitment_line_id          bigint not null,
    work_this_period            numeric(15, 2) not null default 0
                                check (work_this_period between -9999999999999.99 and 9999999999999.99),
    materials_stored            numeric(15, 2) not null default 0
                                check (materials_stored between 0 and 9999999999999.99),
    work_retainage_percent      numeric(7, 4) not null check (work_retainage_percent between 0 and 100),
    materials_retainage_percent numeric(7, 4) not null check (materials_retainage_percent between 0 and 100),
    over_100_percent            boolean not null default false,
    unique (requisition_id, commitment_line_id),
    foreign key (company_id, requisition_id) references requisition (company_id, id) on delete cascade,
    foreign key (company_id, commitment_id, commitment_line_id) references commitment_line (company_id, commitment_id, id)
);
