-- A job that runs on one node of a cluster at a time (the feed poller) is held under a lease, renewed while its node
-- lives; once expires_at has passed (its node died or lost the database) another node takes it. Times are the
-- database's, so the nodes' clocks do not matter.
CREATE TABLE lease (
    name       text PRIMARY KEY,
    holder     text NOT NULL,
    expires_at timestamptz NOT NULL
);
