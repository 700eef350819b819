package io.github.faafo.api.control;

import jakarta.ejb.ApplicationException;

/**
 * A create refused because {@code faafo.task.max-pending} records wait for rendering; nothing is
 * stored (the transaction rolls back) and the API answers 503 with {@code Retry-After}.
 */
@ApplicationException(rollback = true)
public class BacklogFullException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  public BacklogFullException(String message) {
    super(message);
  }
}
