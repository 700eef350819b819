package io.github.faafo.producer.control;

import io.github.faafo.fractal.control.KeptCount;
import io.github.faafo.fractal.entity.FractalStatus;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/** The retention policy's transactions: one batch of deletes each, oldest first. */
@Stateless
public class RetentionStore {

  @PersistenceContext(unitName = "faafo-producer")
  EntityManager em;

  /**
   * Deletes at most {@code limit} records that are not pending, that the administrator never
   * changed, and that were created more than {@code seconds} ago, oldest first (their images go
   * with them: the foreign key cascades), and the kept counts of blocks that no record is left in.
   */
  public int deleteOldest(long seconds, int limit) {
    int deleted =
        em.createNativeQuery(
                "DELETE FROM fractal WHERE status <> ?3 AND edited_at IS NULL"
                    + " AND created_at < UTC_TIMESTAMP(3) - INTERVAL ?1 SECOND ORDER BY seq LIMIT ?2")
            .setParameter(1, seconds)
            .setParameter(2, limit)
            .setParameter(3, FractalStatus.PENDING.label())
            .executeUpdate();
    if (deleted > 0) {
      KeptCount.pruneEmptyBlocks(em);
    }
    return deleted;
  }

  /** How many records there are, from the count the database keeps. */
  public long count() {
    return KeptCount.of(em);
  }
}
