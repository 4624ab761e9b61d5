-- A CCO line's commitment must be its CCO's commitment. V1 tied the line to its CCO and, separately, its SOV line to
-- (company, commitment) — but not the two commitments to each other, so a line could claim another commitment and
-- point at that commitment's SOV line. Tie the line to its CCO through (company, commitment, cco).
alter table commitment_change_order
    add constraint commitment_change_order_company_commitment_id_key unique (company_id, commitment_id, id);
alter table cco_line_item drop constraint cco_line_item_company_id_cco_id_fkey;
alter table cco_line_item
    add constraint cco_line_item_cco_same_commitment_fkey foreign key (company_id, commitment_id, cco_id)
        references commitment_change_order (company_id, commitment_id, id) on delete cascade;
