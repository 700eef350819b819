package io.github.faafo.api.boundary;

import jakarta.resource.ResourceException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.net.ConnectException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTransientConnectionException;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Everything else: 503 with a JSON body while the database cannot be reached or has no room left
 * (one log line, no stack trace), otherwise 500 with a JSON body and the stack trace in the server
 * log only.
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<Throwable> {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  private static final int ER_RECORD_FILE_FULL = 1114;

  private static final int ER_DISK_FULL = 1021;

  @Override
  public Response toResponse(Throwable e) {
    if (isDatabaseFull(e)) {
      LOG.warning(() -> "database full, nothing stored: " + rootMessage(e));
      return ErrorBody.response(
          Response.Status.SERVICE_UNAVAILABLE,
          "the database has no room for more data; nothing was stored; try again later");
    }
    if (isDatabaseOutage(e)) {
      LOG.warning(() -> "database unavailable: " + rootMessage(e));
      return ErrorBody.response(
          Response.Status.SERVICE_UNAVAILABLE, "the database is not reachable; try again later");
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
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLTransientConnectionException
          || t instanceof SQLNonTransientConnectionException
          || t instanceof SQLRecoverableException
          || t instanceof ConnectException
          || t instanceof ResourceException
          || t instanceof SQLException sql
              && sql.getSQLState() != null
              && sql.getSQLState().startsWith("08")) {
        return true;
      }
    }
    return false;
  }

  /**
   * True when {@code e} comes from a database whose table or disk is full: MySQL's error 1114
   * (ER_RECORD_FILE_FULL, "The table is full") or 1021 (ER_DISK_FULL), wherever it is wrapped.
   */
  static boolean isDatabaseFull(Throwable e) {
    for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
      if (t instanceof SQLException sql
          && (sql.getErrorCode() == ER_RECORD_FILE_FULL || sql.getErrorCode() == ER_DISK_FULL)) {
        return true;
      }
    }
    return false;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    return root.getClass().getSimpleName() + ": " + root.getMessage();
  }
}
