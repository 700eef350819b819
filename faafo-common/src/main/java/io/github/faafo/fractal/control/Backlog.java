package io.github.faafo.fractal.control;

import io.github.faafo.fractal.entity.FractalStatus;
import jakarta.persistence.EntityManager;
import org.eclipse.microprofile.config.Config;

/**
 * Admission control, one rule for the API and the producer's timer: no new task while {@code
 * faafo.task.max-pending} records are pending, so that an endless stream of creates cannot grow the
 * queue and the table without bound.
 */
public final class Backlog {

  /** The setting that holds the limit. */
  public static final String MAX_PENDING = "faafo.task.max-pending";

  private final long maxPending;

  public Backlog(long maxPending) {
    this.maxPending = maxPending;
  }

  public static Backlog from(Config config) {
    return new Backlog(config.getValue(MAX_PENDING, Long.class));
  }

  public long maxPending() {
    return maxPending;
  }

  /**
   * How many records are pending, counted up to one more than the limit only: a range scan of the
   * {@code (status, dispatched_at)} index of at most that many entries, however many are pending.
   */
  public long pending(EntityManager em) {
    Object counted =
        em.createNativeQuery(
                "SELECT COUNT(*) FROM (SELECT 1 FROM fractal WHERE status = ?1 LIMIT ?2) p")
            .setParameter(1, FractalStatus.PENDING.label())
            .setParameter(2, maxPending + 1)
            .getSingleResult();
    return ((Number) counted).longValue();
  }

  /** The pending count when {@code adding} more tasks would pass the limit; -1 when they fit. */
  public long refusal(EntityManager em, int adding) {
    long pending = pending(em);
    return pending + adding > maxPending ? pending : -1;
  }
}
