-- Subcontractor invoices ride the one sync lifecycle (record_type 'requisition', issue 17): their id column in
-- erp_export and erp_link, and the constraints that say one record per row widened to it.
alter table erp_export add column requisition_id bigint;
alter table erp_link add column requisition_id bigint;

do $$
declare c record;
begin
    -- the record-type checks of V1 (unnamed: found by what they say)
    for c in select conname, conrelid::regclass::text as tbl from pg_constraint
             where contype = 'c' and conrelid in ('erp_export'::regclass, 'erp_link'::regclass)
               and (pg_get_constraintdef(oid) like '%record_type%' or pg_get_constraintdef(oid) like '%num_nonnulls%')
    loop
        execute format('alter table %s drop constraint %I', c.tbl, c.conname);
    end loop;
end $$;

alter table erp_export
    add constraint erp_export_record_type_check
        check (record_type in ('commitment', 'commitment_change_order', 'requisition')),
    add constraint erp_export_one_record check (num_nonnulls(commitment_id, cco_id, requisition_id) = 1),
    add constraint erp_export_commitment_id check ((record_type = 'commitment') = (commitment_id is not null)),
    add constraint erp_export_cco_id check ((record_type = 'commitment_change_order') = (cco_id is not null)),
    add constraint erp_export_requisition_id check ((record_type = 'requisition') = (requisition_id is not null)),
    add constraint erp_export_requisition_unique unique (requisition_id),
    add constraint erp_export_requisition_fk foreign key (company_id, requisition_id)
        references requisition (company_id, id) on delete cascade;

alter table erp_link
    add constraint erp_link_record_type_check
        check (record_type in ('vendor', 'project', 'commitment', 'commitment_change_order', 'requisition')),
    add constraint erp_link_one_record check (num_nonnulls(vendor_id, project_id, commitment_id, cco_id, requisition_id) = 1),
    add constraint erp_link_vendor_id check ((record_type = 'vendor') = (vendor_id is not null)),
    add constraint erp_link_project_id check ((record_type = 'project') = (project_id is not null)),
    add constraint erp_link_commitment_id check ((record_type = 'commitment') = (commitment_id is not null)),
    add constraint erp_link_cco_id check ((record_type = 'commitment_change_order') = (cco_id is not null)),
    add constraint erp_link_requisition_id check ((record_type = 'requisition') = (requisition_id is not null)),
    add constraint erp_link_requisition_unique unique (requisition_id),
    add constraint erp_link_requisition_fk foreign key (company_id, requisition_id) references requisition (company_id, id);
