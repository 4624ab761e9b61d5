-- Requests to the ERP per company and minute (issue #19: "the ERP licence's requests used today"). Each service
-- instance counts in memory as the requests happen (never a database write on the ERP request path) and adds its
-- counts here every few seconds and on shutdown (ErpRequestCounts): a kill -9 loses at most the last few seconds.
-- Per minute, so that the busiest minute is exact across instances and a day is the company's day in whatever zone
-- it has when asked. Kept 40 days.
create table erp_request_minute (
    company_id  bigint not null references company (id) on delete cascade,
    minute      timestamptz not null check (date_trunc('minute', minute) = minute),
    requests    bigint not null check (requests >= 0),
    errors      bigint not null check (errors >= 0 and errors <= requests),
    primary key (company_id, minute)
);
