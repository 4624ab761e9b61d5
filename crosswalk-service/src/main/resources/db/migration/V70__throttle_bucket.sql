-- Bucket4j's PostgreSQL backend (select ... for update): one row per throttled key, shared by every instance —
-- failed sign-ins per login+address and per address, refused unlinks and reconciliation requests per user.
-- Keys are hashed (a mistyped password in the login field never lands here in clear). expires_at (epoch millis) is
-- when the bucket would be full again; rows past it are removed in batches.
create table throttle_bucket (
    id          varchar(100) primary key,
    state       bytea,
    expires_at  bigint
);
create index throttle_bucket_expires_idx on throttle_bucket (expires_at);
