-- The cluster's compliance clock: one row, the latest compliance time any node saved. A node resumes
-- from it at start and only ever moves it forward (GREATEST), so the clock every node resumes from
-- never goes back, whichever node saved last.
CREATE TABLE compliance_clock (
    id    SMALLINT PRIMARY KEY CHECK (id = 1),
    at_ms BIGINT   NOT NULL
);
