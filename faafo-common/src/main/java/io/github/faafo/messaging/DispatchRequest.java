package io.github.faafo.messaging;

import java.util.ArrayList;
import java.util.List;

/**
 * Asks the producer to send the pending fractals {@code uuids} to the workers (one create, or one
 * batch of creates); {@code uuid} is the one fractal of a request sent by a version before batches.
 */
public record DispatchRequest(List<String> uuids, String uuid) {

  /** A request for {@code uuids}, in this version's form. */
  public static DispatchRequest of(List<String> uuids) {
    return new DispatchRequest(List.copyOf(uuids), null);
  }

  /** Every fractal the request names, in either form. */
  public List<String> fractals() {
    List<String> all = new ArrayList<>(uuids == null ? List.of() : uuids);
    if (uuid != null) {
      all.add(uuid);
    }
    return all;
  }
}
