-- One row per scheduled tick claimed by a replica: the first replica to
-- insert a tick's key runs it, the others skip it.
CREATE TABLE scheduler_ticks (
    tick_key   varchar(255) PRIMARY KEY,
    owner      varchar(255) NOT NULL,
    claimed_at timestamptz NOT NULL
);
CREATE INDEX idx_scheduler_ticks_claimed ON scheduler_ticks (claimed_at);
