-- Creation order that does not depend on timestamp precision: with MySQL Connector/J, MariaDB
-- (which announces itself as MySQL 5.5) gets DATETIME values cut to whole seconds, so several
-- fractals created in one second would tie in newest-first lists.
ALTER TABLE fractal ADD COLUMN seq BIGINT NOT NULL AUTO_INCREMENT UNIQUE;
