package io.github.faafo.api.control;

import io.github.faafo.fractal.control.Violation;
import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * A request that conflicts with a fractal's stored state: an update that would leave it
 * inconsistent (a checksum or size that is not the stored image's, a status change other than a
 * cancellation or a retry), or a create with an id that names another fractal. The transaction is
 * rolled back and the API answers 409 naming the fields.
 */
@ApplicationException(rollback = true)
public class ConflictException extends RejectedRequestException {

  private static final long serialVersionUID = 1L;

  public ConflictException(String message, List<Violation> violations) {
    super(message, violations);
  }
}
