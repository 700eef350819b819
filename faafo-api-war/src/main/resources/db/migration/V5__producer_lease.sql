-- Leases that let any number of nodes run the producer module while one at a time does the work
-- that must happen once per cluster: "generation" (the timer's batches, contended by the nodes whose
-- faafo.producer.enabled is true) and "sweep" (the stuck-task sweep, by every producer node). The
-- holder renews its row before expires_at; any node takes a row whose expires_at has passed. Times
-- are the database's own clock, so the nodes' clocks need not agree.
CREATE TABLE producer_lease (
  name VARCHAR(32) NOT NULL PRIMARY KEY,
  holder VARCHAR(200) NOT NULL,
  expires_at DATETIME(3) NOT NULL
);

INSERT INTO producer_lease (name, holder, expires_at) VALUES
  ('generation', '', '1970-01-01 00:00:01'),
  ('sweep', '', '1970-01-01 00:00:01');
