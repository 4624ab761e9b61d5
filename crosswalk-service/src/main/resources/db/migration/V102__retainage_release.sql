-- Retainage release invoices (issue 17): a subcontractor invoice of kind 'retainage_release' releases retainage held
-- by the commitment's approved, synced invoices; it bills no work, only the amount released per SOV line. It rides the
-- same record type ('requisition') and so the same sync lifecycle as the progress invoices.
alter table requisition add column kind varchar(20) not null default 'progress'
    check (kind in ('progress', 'retainage_release'));

create table requisition_release_line (
    id                  bigserial primary key,
    company_id          bigint not null,
    requisition_id      bigint not null,
    commitment_id       bigint not null,
    commitment_line_id  bigint not null,
    amount              numeric(15, 2) not null check (amount > 0 and amount <= 9999999999999.99),
    unique (requisition_id, commitment_line_id),
    foreign key (company_id, requisition_id) references requisition (company_id, id) on delete cascade,
    foreign key (company_id, commitment_id, commitment_line_id) references commitment_line (company_id, commitment_id, id)
);
