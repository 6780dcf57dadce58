-- Reserved: V9 belongs to another branch (cluster mode / admin port) and replaces this placeholder when
-- the branches meet. Empty here so that V10 applies on this branch.
SELECT 1;
