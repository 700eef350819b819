-- The count of migration V3 picked its row by the record's seq, so a transaction that inserts or
-- deletes many records (a batch create) updated many of the 16 rows, in an order that differs
-- between transactions: two concurrent batches could deadlock. Picked by the connection instead,
-- all the rows one transaction inserts or deletes count in one row, so writers never wait for each
-- other's count rows in a cycle; concurrent writers on different connections still spread over the
-- 16 rows. A row may now go below zero (a record counted in by one connection and out by another);
-- the total, their sum, stays exact.
DROP TRIGGER fractal_counted_in;

DROP TRIGGER fractal_counted_out;

CREATE TRIGGER fractal_counted_in AFTER INSERT ON fractal FOR EACH ROW
  UPDATE fractal_count SET n = n + 1 WHERE slot = CONNECTION_ID() % 16;

CREATE TRIGGER fractal_counted_out AFTER DELETE ON fractal FOR EACH ROW
  UPDATE fractal_count SET n = n - 1 WHERE slot = CONNECTION_ID() % 16;
