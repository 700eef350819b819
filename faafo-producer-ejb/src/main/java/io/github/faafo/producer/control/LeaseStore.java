package io.github.faafo.producer.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;

/**
 * The producer's transactions on the {@code producer_lease} table (migration V5): take or renew a
 * lease, each in one statement that the database's row lock serialises between nodes.
 */
@Stateless
public class LeaseStore {

  @PersistenceContext(unitName = "faafo-producer")
  EntityManager em;

  /**
   * Makes {@code holder} the holder of lease {@code name} for {@code seconds} from now (the
   * database's clock) when it holds it already or the lease has expired; false when another node
   * holds it.
   */
  public boolean holdOrTake(String name, String holder, long seconds) {
    return em.createNativeQuery(
                "UPDATE producer_lease SET holder = ?1, expires_at = UTC_TIMESTAMP(3) + INTERVAL ?2 SECOND"
                    + " WHERE name = ?3 AND (holder = ?1 OR expires_at < UTC_TIMESTAMP(3))")
            .setParameter(1, holder)
            .setParameter(2, seconds)
            .setParameter(3, name)
            .executeUpdate()
        == 1;
  }

  /** Gives lease {@code name} up at once if {@code holder} holds it, so another node takes over. */
  public void release(String name, String holder) {
    em.createNativeQuery(
            "UPDATE producer_lease SET expires_at = '1970-01-01 00:00:01'"
                + " WHERE name = ?1 AND holder = ?2")
        .setParameter(1, name)
        .setParameter(2, holder)
        .executeUpdate();
  }
}
