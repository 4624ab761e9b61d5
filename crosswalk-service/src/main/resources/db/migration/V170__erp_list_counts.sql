-- How many records each view of the ERP lists holds, kept by triggers, so that a list's total and the tabs' counts
-- are a sum of a few rows instead of a count of every index entry (100,000 synced CCOs: ~5 ms per count, #21).
-- view: 'linked' counts erp_link rows (the Successfully Synced list); every other view is an erp_export state (its
-- 'synced' state included, which the lists do not use: a record linked without an export, like the demo's
-- commitments, is in Successfully Synced too).
-- Rows are deltas, only ever inserted by the triggers (no row two writers would wait for); the count of a view is the
-- sum of its rows. ErpListCounts folds them into one row per view every minute.
create table erp_list_count (
    company_id   bigint not null,
    record_type  varchar(30) not null,
    view         varchar(20) not null,
    delta        bigint not null
);
create index erp_list_count_idx on erp_list_count (company_id, record_type, view);


-- erp_link: one statement's inserted and deleted rows, grouped (a bulk insert adds one row per company and type)
create function erp_list_count_link_inserted() returns trigger language plpgsql as $$
begin
    insert into erp_list_count (company_id, record_type, view, delta)
    select company_id, record_type, 'linked', count(*) from inserted group by company_id, record_type;
    return null;
end $$;
create function erp_list_count_link_deleted() returns trigger language plpgsql as $$
begin
    insert into erp_list_count (company_id, record_type, view, delta)
    select company_id, record_type, 'linked', -count(*) from deleted group by company_id, record_type;
    return null;
end $$;
-- an update moves a row between counts only when it changes company or type (row by row: an update statement's
-- transition tables would copy every updated row, payload and all, on the lists' hottest table)
create function erp_list_count_link_moved() returns trigger language plpgsql as $$
begin
    insert into erp_list_count (company_id, record_type, view, delta)
    values (old.company_id, old.record_type, 'linked', -1), (new.company_id, new.record_type, 'linked', 1);
    return null;
end $$;
create trigger erp_list_count_link_insert after insert on erp_link referencing new table as inserted
    for each statement execute function erp_list_count_link_inserted();
create trigger erp_list_count_link_delete after delete on erp_link referencing old table as deleted
    for each statement execute function erp_list_count_link_deleted();
create trigger erp_list_count_link_update after update of company_id, record_type on erp_link for each row
    when ((old.company_id, old.record_type) is distinct from (new.company_id, new.record_type))
    execute function erp_list_count_link_moved();

-- erp_export: by state
create function erp_list_count_export_inserted() returns trigger language plpgsql as $$
begin
    insert into erp_list_count (company_id, record_type, view, delta)
    select company_id, record_type, state, count(*) from inserted group by company_id, record_type, state;
    return null;
end $$;
create function erp_list_count_export_deleted() returns trigger language plpgsql as $$
begin
    insert into erp_list_count (company_id, record_type, view, delta)
    select company_id, record_type, state, -count(*) from deleted group by company_id, record_type, state;
    return null;
end $$;
create function erp_list_count_export_moved() returns trigger language plpgsql as $$
begin
    insert into erp_list_count (company_id, record_type, view, delta)
    values (old.company_id, old.record_type, old.state, -1), (new.company_id, new.record_type, new.state, 1);
    return null;
end $$;
create trigger erp_list_count_export_insert after insert on erp_export referencing new table as inserted
    for each statement execute function erp_list_count_export_inserted();
create trigger erp_list_count_export_delete after delete on erp_export referencing old table as deleted
    for each statement execute function erp_list_count_export_deleted();
create trigger erp_list_count_export_update after update of company_id, record_type, state on erp_export for each row
    when ((old.company_id, old.record_type, old.state) is distinct from (new.company_id, new.record_type, new.state))
    execute function erp_list_count_export_moved();

-- a truncate fires no delete trigger: it empties the counts of the table it empties
create function erp_list_count_link_truncated() returns trigger language plpgsql as $$
begin
    delete from erp_list_count where view = 'linked';
    return null;
end $$;
create function erp_list_count_export_truncated() returns trigger language plpgsql as $$
begin
    delete from erp_list_count where view <> 'linked';
    return null;
end $$;
create trigger erp_list_count_link_truncate after truncate on erp_link
    for each statement execute function erp_list_count_link_truncated();
create trigger erp_list_count_export_truncate after truncate on erp_export
    for each statement execute function erp_list_count_export_truncated();

-- the counts so far, taken after the triggers exist: creating them locked both tables against writes until this
-- migration commits, so no write falls between the count and the triggers
insert into erp_list_count (company_id, record_type, view, delta)
select company_id, record_type, 'linked', count(*) from erp_link group by company_id, record_type;
insert into erp_list_count (company_id, record_type, view, delta)
select company_id, record_type, state, count(*) from erp_export group by company_id, record_type, state;
