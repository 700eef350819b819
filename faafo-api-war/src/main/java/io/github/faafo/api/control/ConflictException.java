package io.github.faafo.api.control;

import io.github.faafo.fractal.control.Violation;
import jakarta.ejb.ApplicationException;
import java.util.List;

/**
 * An update that would leave a fractal inconsistent (a checksum or size that is not the stored
 * image's, a status change other than a cancellation); the transaction is rolled back and the API
 * answers 409 naming the fields.
 */
@ApplicationException(rollback = true)
public class UpdateConflictException extends RuntimeException {

  private static final long serialVersionUID = 1L;

  private final transient List<Violation> conflicts;

  public UpdateConflictException(List<Violation> conflicts) {
    super("the update conflicts with the fractal's state in " + conflicts.size() + " field(s)");
    this.conflicts = List.copyOf(conflicts);
  }

  public List<Violation> conflicts() {
    return conflicts;
  }
}
