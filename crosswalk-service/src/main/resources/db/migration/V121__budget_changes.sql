-- Budget changes (#18): a change of a project's cost budget entered in Crosswalk (Draft → Approved), exported through the
-- one sync lifecycle as an Acumatica change order with cost budget lines only.
create table budget_change (
    id           bigserial primary key,
    company_id   bigint not null,
    project_id   bigint not null,
    number       varchar(10)  not null check (number ~ '^[0-9]{3,10}$'),
    title        varchar(255) not null check (length(trim(title)) > 0),
    description  varchar(4000) not null default '',
    change_date  date,
    status       varchar(20)  not null default 'draft' check (status in ('draft', 'approved')),
    approved_by  bigint references app_user (id),
    approved_at  timestamptz,
    created_by   bigint references app_user (id),
    created_at   timestamptz not null default now(),
    updated_at   timestamptz not null default now(),
    unique (project_id, number),
    unique (company_id, id),
    foreign key (company_id, project_id) references project (company_id, id)
);

-- One line: the budget of a cost code and cost type (the ERP's account group) of a project task, raised or lowered.
create table budget_change_line (
    id               bigserial primary key,
    company_id       bigint not null,
    budget_change_id bigint not null,
    line_number      int not null check (line_number > 0),
    cost_code_id     bigint not null,
    cost_type_id     bigint not null,
    project_task     varchar(30) check (project_task is null or length(trim(project_task)) > 0),
    description      varchar(255) not null default '',
    amount           numeric(15, 2) not null check (amount between -9999999999999.99 and 9999999999999.99 and amount <> 0),
    unique (budget_change_id, line_number),
    foreign key (company_id, budget_change_id) references budget_change (company_id, id) on delete cascade,
    foreign key (company_id, cost_code_id) references cost_code (company_id, id),
    foreign key (company_id, cost_type_id) references cost_type (company_id, id)
);

-- Their id column in erp_export and erp_link (erp_leftover names any record by record_type and record_id), and the
-- constraints that say one record per row widened to it (as V101 did for invoices).
alter table erp_export add column budget_change_id bigint;
alter table erp_link add column budget_change_id bigint;

alter table erp_export
    drop constraint erp_export_record_type_check,
    drop constraint erp_export_one_record,
    add constraint erp_export_record_type_check
        check (record_type in ('commitment', 'commitment_change_order', 'requisition', 'budget_change')),
    add constraint erp_export_one_record check (num_nonnulls(commitment_id, cco_id, requisition_id, budget_change_id) = 1),
    add constraint erp_export_budget_change_id check ((record_type = 'budget_change') = (budget_change_id is not null)),
    add constraint erp_export_budget_change_unique unique (budget_change_id),
    add constraint erp_export_budget_change_fk foreign key (company_id, budget_change_id)
        references budget_change (company_id, id) on delete cascade;

alter table erp_link
    drop constraint erp_link_record_type_check,
    drop constraint erp_link_one_record,
    add constraint erp_link_record_type_check
        check (record_type in ('vendor', 'project', 'commitment', 'commitment_change_order', 'requisition', 'budget_change')),
    add constraint erp_link_one_record
        check (num_nonnulls(vendor_id, project_id, commitment_id, cco_id, requisition_id, budget_change_id) = 1),
    add constraint erp_link_budget_change_id check ((record_type = 'budget_change') = (budget_change_id is not null)),
    add constraint erp_link_budget_change_unique unique (budget_change_id),
    add constraint erp_link_budget_change_fk foreign key (company_id, budget_change_id) references budget_change (company_id, id);

-- The lists' search text of a budget change's rows (V41 covers commitments and CCOs): number, title, project number and
-- name (and on a link the ERP key). Fired after V41's triggers of the same event (triggers fire in name order).
create function budget_change_search_text(p_id bigint) returns text language sql stable as $$
    select concat_ws(chr(31), r.number, r.title, p.number, p.name)
    from budget_change r join project p on p.id = r.project_id where r.id = p_id
$$;

create function erp_link_search_text_budget() returns trigger language plpgsql as $$
begin
    if new.record_type = 'budget_change' then
        new.search_text := lower(budget_change_search_text(new.budget_change_id) || chr(31) || new.erp_key);
    end if;
    return new;
end $$;
create trigger erp_link_search_text_budget before insert or update of record_type, budget_change_id, erp_key
    on erp_link for each row execute function erp_link_search_text_budget();

create function erp_export_search_text_budget() returns trigger language plpgsql as $$
begin
    if new.record_type = 'budget_change' then
        new.search_text := lower(budget_change_search_text(new.budget_change_id));
    end if;
    return new;
end $$;
create trigger erp_export_search_text_budget before insert or update of record_type, budget_change_id
    on erp_export for each row execute function erp_export_search_text_budget();
