package io.github.faafo.api.control;

import io.github.faafo.fractal.control.Violation;
import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * A create whose {@code parent} names no fractal: a zoom can only be made from a fractal that
 * exists. The transaction is rolled back and the API answers 400 naming the fields.
 */
@ApplicationException(rollback = true)
public class UnknownParentException extends RejectedRequestException {

  private static final long serialVersionUID = 1L;

  public UnknownParentException(String message, List<Violation> violations) {
    super(message, violations);
  }
}
