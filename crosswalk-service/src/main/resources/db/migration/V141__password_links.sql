-- One-time links to set a password (an invitation, or a reset asked by a Directory Admin). Only the SHA-256 of the
-- token is stored; a link works once (used_at), until expires_at, and is replaced (revoked_at) by a newer link for
-- the same user.
create table password_link (
    id            bigserial primary key,
    company_id    bigint not null references company (id),
    user_id       bigint not null references app_user (id) on delete cascade,
    purpose       varchar(12) not null check (purpose in ('invitation', 'reset')),
    token_sha256  char(64) not null unique,
    created_by    bigint references app_user (id),
    created_at    timestamptz not null default now(),
    expires_at    timestamptz not null,
    used_at       timestamptz,
    revoked_at    timestamptz,
    check (expires_at > created_at),
    check (used_at is null or revoked_at is null)
);

create index password_link_open on password_link (user_id) where used_at is null and revoked_at is null;
