package io.github.faafo.it;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * The database server's time zone (MariaDB's {@code time_zone}, such as {@code +05:00}) while one
 * test class runs, for a class whose subject compares times in SQL: the system writes its times in
 * UTC, and must not read the server's local time as UTC. Every other class runs with the server's
 * own zone ({@code SYSTEM}).
 */
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
@interface DatabaseTimeZone {
  String value();
}
