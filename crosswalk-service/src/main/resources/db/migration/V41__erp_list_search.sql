-- ERP Integrations lists at a large contractor's scale (issue #9). The lists choose a page's ids from erp_link /
-- erp_export alone (erp_link_list_idx, erp_export_list_idx of V1) and join the details for those only (ExportLists).
-- Their search ("ilike '%q%'" on the record's number and title, its project's number and name and the ERP key) was
-- served by no index; it now reads one column of the narrow table, search_text, through a trigram index:
--   erp_link.search_text   = record number, title, project number, name, erp_key  (commitment and CCO links)
--   erp_export.search_text = record number, title, project number, name
-- joined by U+001F (chr(31)) and lower-cased, so "search_text like lower('%q%')" is true exactly when
-- "field ilike '%q%'" is for one of the fields (PostgreSQL's ilike is lower(field) like lower(pattern)), for any q
-- without U+001F; the stored lower case spares each row's recheck the lower() of ilike. Triggers keep it current
-- whoever writes: the link or export row itself, and a change of the record's number/title or of its project's
-- number/name.

create extension if not exists pg_trgm;

alter table erp_link add column search_text text;
alter table erp_export add column search_text text;

-- A commitment's or CCO's searchable fields (null for other record types).
create function erp_record_search_text(p_type varchar, p_commitment_id bigint, p_cco_id bigint) returns text
    language sql stable as $$
    select case p_type
        when 'commitment_change_order' then
            (select concat_ws(chr(31), r.number, r.title, p.number, p.name)
             from commitment_change_order r join project p on p.id = r.project_id where r.id = p_cco_id)
        when 'commitment' then
            (select concat_ws(chr(31), r.number, r.title, p.number, p.name)
             from commitment r join project p on p.id = r.project_id where r.id = p_commitment_id)
    end
$$;

create function erp_link_search_text() returns trigger language plpgsql as $$
begin
    new.search_text := lower(erp_record_search_text(new.record_type, new.commitment_id, new.cco_id) || chr(31)
                             || new.erp_key);
    return new;
end $$;
create trigger erp_link_search_text before insert or update of record_type, commitment_id, cco_id, erp_key
    on erp_link for each row execute function erp_link_search_text();

create function erp_export_search_text() returns trigger language plpgsql as $$
begin
    new.search_text := lower(erp_record_search_text(new.record_type, new.commitment_id, new.cco_id));
    return new;
end $$;
create trigger erp_export_search_text before insert or update of record_type, commitment_id, cco_id
    on erp_export for each row execute function erp_export_search_text();

-- The record's number or title (or project) changed: its link and export rows follow.
create function erp_search_text_record_changed() returns trigger language plpgsql as $$
begin
    if tg_table_name = 'commitment_change_order' then
        update erp_link set search_text = lower(erp_record_search_text(record_type, commitment_id, cco_id) || chr(31) || erp_key)
        where cco_id = new.id;
        update erp_export set search_text = lower(erp_record_search_text(record_type, commitment_id, cco_id))
        where cco_id = new.id;
    else
        update erp_link set search_text = lower(erp_record_search_text(record_type, commitment_id, cco_id) || chr(31) || erp_key)
        where commitment_id = new.id;
        update erp_export set search_text = lower(erp_record_search_text(record_type, commitment_id, cco_id))
        where commitment_id = new.id;
    end if;
    return null;
end $$;
create trigger erp_search_text_cco after update of number, title, project_id on commitment_change_order
    for each row when (old.number is distinct from new.number or old.title is distinct from new.title
                       or old.project_id is distinct from new.project_id)
    execute function erp_search_text_record_changed();
create trigger erp_search_text_commitment after update of number, title, project_id on commitment
    for each row when (old.number is distinct from new.number or old.title is distinct from new.title
                       or old.project_id is distinct from new.project_id)
    execute function erp_search_text_record_changed();

-- A project's number or name changed: the links and exports of its commitments and their CCOs follow (rare; the
-- CCOs are found through their commitments, which share the project).
create function erp_search_text_project_changed() returns trigger language plpgsql as $$
begin
    update erp_link l set search_text = lower(erp_record_search_text(l.record_type, l.commitment_id, l.cco_id) || chr(31) || l.erp_key)
    where l.company_id = new.company_id
      and (l.commitment_id in (select c.id from commitment c where c.company_id = new.company_id and c.project_id = new.id)
           or l.cco_id in (select r.id from commitment c join commitment_change_order r on r.commitment_id = c.id
                           where c.company_id = new.company_id and c.project_id = new.id));
    update erp_export e set search_text = lower(erp_record_search_text(e.record_type, e.commitment_id, e.cco_id))
    where e.company_id = new.company_id
      and (e.commitment_id in (select c.id from commitment c where c.company_id = new.company_id and c.project_id = new.id)
           or e.cco_id in (select r.id from commitment c join commitment_change_order r on r.commitment_id = c.id
                           where c.company_id = new.company_id and c.project_id = new.id));
    return null;
end $$;
create trigger erp_search_text_project after update of number, name on project
    for each row when (old.number is distinct from new.number or old.name is distinct from new.name)
    execute function erp_search_text_project_changed();

update erp_link set search_text = lower(erp_record_search_text(record_type, commitment_id, cco_id) || chr(31) || erp_key)
where record_type in ('commitment', 'commitment_change_order');
update erp_export set search_text = lower(erp_record_search_text(record_type, commitment_id, cco_id));

-- fastupdate off: a search never scans a pending list of recent inserts (up to 4 MB) row by row
create index erp_link_search_idx on erp_link using gin (search_text gin_trgm_ops) with (fastupdate = off);
create index erp_export_search_idx on erp_export using gin (search_text gin_trgm_ops) with (fastupdate = off);

-- The lists' Total: a count over the list indexes (their entries carry the sort keys) reads 12 MB for 100,000 synced
-- CCOs and loses to a sequential scan; these hold one key per company and type (state), which B-tree deduplication
-- packs into posting lists (0.7 MB), so the count is an index-only scan of those.
create index erp_link_count_idx on erp_link (company_id, record_type);
create index erp_export_count_idx on erp_export (company_id, record_type, state);
