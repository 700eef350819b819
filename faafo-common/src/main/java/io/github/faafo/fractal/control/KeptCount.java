package io.github.faafo.fractal.control;

import jakarta.persistence.EntityManager;
import java.util.List;
import java.util.Optional;

/**
 * The number of fractals as the database keeps it (migration V8: per block of 65,536 {@code seq}
 * values, rows that triggers keep exact on every insert and delete), so that counting, and finding
 * where a deep page starts, cost nearly the same for any table size.
 */
public final class KeptCount {

  /** How many consecutive {@code seq} values one block counts; V8's triggers say the same. */
  public static final long BLOCK = 65_536;

  private KeptCount() {}

  /** How many fractals there are, read through {@code em}. */
  public static long of(EntityManager em) {
    Object sum = em.createNativeQuery("SELECT SUM(n) FROM fractal_block_count").getSingleResult();
    return sum == null ? 0 : ((Number) sum).longValue();
  }

  /**
   * Where the fractal {@code skipped} places after the newest is, newest first: the block that
   * holds it, as the first {@code seq} above that block and how many of the block's fractals come
   * before it; empty when there are no more than {@code skipped} fractals.
   */
  public static Optional<Position> position(EntityManager em, long skipped) {
    List<?> rows =
        em.createNativeQuery(
                "SELECT block, covered - n FROM (SELECT block, SUM(n) AS n,"
                    + " SUM(SUM(n)) OVER (ORDER BY block DESC) AS covered"
                    + " FROM fractal_block_count GROUP BY block) blocks"
                    + " WHERE covered > ?1 ORDER BY block DESC LIMIT 1")
            .setParameter(1, skipped)
            .getResultList();
    if (rows.isEmpty()) {
      return Optional.empty();
    }
    Object[] row = (Object[]) rows.get(0);
    long block = ((Number) row[0]).longValue();
    long newer = ((Number) row[1]).longValue();
    return Optional.of(new Position((block + 1) * BLOCK, skipped - newer));
  }

  /**
   * A fractal's place: the {@code within}-th (from 0) of those with {@code seq} below {@code
   * seqBelow}, newest first.
   */
  public record Position(long seqBelow, long within) {}

  /**
   * Removes the counts of blocks that no fractal is left in (their rows sum to 0), except the
   * newest block, which new fractals still go to; returns how many rows went.
   */
  public static int pruneEmptyBlocks(EntityManager em) {
    return em.createNativeQuery(
            "DELETE FROM fractal_block_count WHERE block IN (SELECT block FROM (SELECT block"
                + " FROM fractal_block_count GROUP BY block HAVING SUM(n) = 0"
                + " AND block < (SELECT MAX(block) FROM fractal_block_count)) empty)")
        .executeUpdate();
  }
}
