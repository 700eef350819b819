package io.github.faafo.api.boundary;

import io.github.faafo.failure.CauseChain;
import jakarta.resource.ResourceException;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything else: 503 with a JSON body and {@code Retry-After} while the database cannot be
 * reached, is cut off from its cluster's primary component or has no room left, or when it aborted
 * the request's transaction in a conflict with another (one log line, no stack trace); otherwise
 * 500 with a JSON body and the stack trace in the server log only.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  private static final int ER_RECORD_FILE_FULL = 1114;

  private static final int ER_DISK_FULL = 1021;

  private static final int ER_LOCK_DEADLOCK = 1213;

  private static final int ER_LOCK_WAIT_TIMEOUT = 1205;

  /** What a Galera node outside the primary component answers to every statement. */
  private static final int ER_WSREP_NOT_PRIMARY = 1047;

  /** Seconds a client is asked to wait: about the time a cluster takes to form a new primary. */
  static final int RETRY_AFTER_SECONDS = 5;

  @Override
  public Response toResponse(Throwable e) {
    if (isDatabaseFull(e)) {
      LOG.warning(() -> "database full, nothing stored: " + CauseChain.rootMessage(e));
      return unavailable(
          "the database has no room for more data; nothing was stored; try again later");
    }
    if (isOutsidePrimaryComponent(e)) {
      LOG.warning(
          () ->
              "database node outside its cluster's primary component: "
                  + CauseChain.rootMessage(e));
      return unavailable(
          "the database node in use is cut off from its cluster's primary component; try again"
              + " later");
    }
    if (isDatabaseOutage(e)) {
      LOG.warning(() -> "database unavailable: " + CauseChain.rootMessage(e));
      return unavailable("the database is not reachable; try again later");
    }
    if (isConflictAbort(e)) {
      LOG.warning(
          () -> "transaction aborted in a conflict, nothing changed: " + CauseChain.rootMessage(e));
      return unavailable(
          "the database aborted this request's transaction in a conflict with another; nothing"
              + " was changed; try again");
    }
    LOG.log(Level.SEVERE, "unexpected error while serving a request", e);
    return ErrorBody.response(
        Response.Status.INTERNAL_SERVER_ERROR, "unexpected server error; see the server log");
  }

  /**
   * True when {@code e} comes from a database that cannot be reached, judged by exception types and
   * SQL states alone: a connection-class SQL state ({@code 08…}, which is also what MySQL
   * Connector/J's communications failures carry), a recoverable or connection {@code SQLException},
   * a refused socket, or a connector exception of the server's pool.
   */
  static boolean isDatabaseOutage(Throwable e) {
    return CauseChain.any(
        e,
        t ->
            t instanceof SQLTransientConnectionException
                || t instanceof SQLNonTransientConnectionException
                || t instanceof SQLRecoverableException
                || t instanceof ConnectException
                || t instanceof ResourceException
                || t instanceof SQLException sql
                    && sql.getSQLState() != null
                    && sql.getSQLState().startsWith("08"));
  }

  /**
   * True when {@code e} comes from a Galera node that is not part of the primary component (error
   * 1047, whose SQL state 08S01 also makes it an outage), wherever it is wrapped.
   */
  static boolean isOutsidePrimaryComponent(Throwable e) {
    return CauseChain.any(
        e, t -> t instanceof SQLException sql && sql.getErrorCode() == ER_WSREP_NOT_PRIMARY);
  }

  /**
   * True when the database rolled the transaction back to resolve a conflict, wherever it is
   * wrapped: a deadlock or a Galera certification failure (error 1213, SQL state 40001), or a lock
   * wait that timed out (1205). Such a request changed nothing and may simply be sent again.
   */
  static boolean isConflictAbort(Throwable e) {
    return CauseChain.any(
        e,
        t ->
            t instanceof SQLTransactionRollbackException
                || t instanceof SQLException sql
                    && (sql.getErrorCode() == ER_LOCK_DEADLOCK
                        || sql.getErrorCode() == ER_LOCK_WAIT_TIMEOUT
                        || "40001".equals(sql.getSQLState())));
  }

  private static Response unavailable(String message) {
    return Response.fromResponse(ErrorBody.response(Response.Status.SERVICE_UNAVAILABLE, message))
        .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
        .build();
  }

  /**
   * True when {@code e} comes from a database whose table or disk is full: MySQL's error 1114
   * (ER_RECORD_FILE_FULL, "The table is full") or 1021 (ER_DISK_FULL), wherever it is wrapped.
   */
  static boolean isDatabaseFull(Throwable e) {
    return CauseChain.any(
        e,
        t ->
            t instanceof SQLException sql
                && (sql.getErrorCode() == ER_RECORD_FILE_FULL
                    || sql.getErrorCode() == ER_DISK_FULL));
  }
}
