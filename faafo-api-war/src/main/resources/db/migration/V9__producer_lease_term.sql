-- Fencing the generation lease. term grows each time another node takes a lease; batches counts
-- the batches generated, and each batch raises it in its own transaction, only while the database
-- names its node the lease's holder: a node that still believes in a lease it lost stores nothing,
-- and on a Galera cluster that write makes a batch and a concurrent take-over conflict at
-- certification. Each generated record keeps the term it was made under (NULL: made by the API).
ALTER TABLE producer_lease
  ADD COLUMN term BIGINT NOT NULL DEFAULT 0,
  ADD COLUMN batches BIGINT NOT NULL DEFAULT 0;

ALTER TABLE fractal ADD COLUMN lease_term BIGINT NULL;
