package io.github.faafo.producer.control;

import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import java.util.OptionalLong;

/**
 * The producer's transactions on the {@code producer_lease} table (migrations V5, V9): take or
 * renew a lease, each in one statement that the database's row lock serialises between nodes, and
 * fence the work a lease guards inside that work's own transaction.
 */
@Stateless
public class LeaseStore {

  @PersistenceContext(unitName = "faafo-producer")
  EntityManager em;

  /**
   * Makes {@code holder} the holder of lease {@code name} for {@code seconds} from now (the
   * database's clock) when it holds it already or the lease has expired, under a new term when it
   * was another node's; false when another node holds it. (The term is set first: MariaDB assigns
   * from left to right, so it still compares the old holder.)
   */
  public boolean holdOrTake(String name, String holder, long seconds) {
    return em.createNativeQuery(
                "UPDATE producer_lease SET term = IF(holder = ?1, term, term + 1), holder = ?1,"
                    + " expires_at = UTC_TIMESTAMP(3) + INTERVAL ?2 SECOND"
                    + " WHERE name = ?3 AND (holder = ?1 OR expires_at < UTC_TIMESTAMP(3))")
            .setParameter(1, holder)
            .setParameter(2, seconds)
            .setParameter(3, name)
            .executeUpdate()
        == 1;
  }

  /**
   * The fence of work that lease {@code name} guards, to be called in that work's transaction: the
   * lease's term while the database names {@code holder} its unexpired holder, or nothing (the work
   * must then store nothing). It counts the work in the lease's row, a write, so that the row lock
   * orders it after any take-over, and on a Galera cluster certification aborts one of the two.
   */
  public OptionalLong fence(String name, String holder) {
    int counted =
        em.createNativeQuery(
                "UPDATE producer_lease SET batches = batches + 1"
                    + " WHERE name = ?1 AND holder = ?2 AND expires_at > UTC_TIMESTAMP(3)")
            .setParameter(1, name)
            .setParameter(2, holder)
            .executeUpdate();
    if (counted != 1) {
      return OptionalLong.empty();
    }
    Number term =
        (Number)
            em.createNativeQuery("SELECT term FROM producer_lease WHERE name = ?1")
                .setParameter(1, name)
                .getSingleResult();
    return OptionalLong.of(term.longValue());
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
