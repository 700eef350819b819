package io.github.faafo.producer.control;

import io.github.faafo.fractal.entity.Fractal;
import io.github.faafo.fractal.entity.FractalImage;
import io.github.faafo.fractal.entity.FractalStatus;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.TaskMessage;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.LocalDateTime;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The producer's transactions on the {@code fractal} table: create and dispatch records, store
 * results exactly once, and give up on records with a reason. A stateless bean, so that its
 * persistence context is the EJB module's own in the EAR as on Payara Micro.
 */
@Stateless
public class FractalRecords {

  /** What became of a result. */
  public enum Outcome {
    STORED,
    DUPLICATE,
    CONFLICTING_DUPLICATE,
    UNKNOWN
  }

  @PersistenceContext(unitName = "faafo-producer")
  EntityManager em;

  /** Creates a pending record for a generated task, already marked as dispatched once. */
  public void createDispatched(TaskMessage task) {
    Fractal fractal = new Fractal(task.uuid(), task);
    fractal.markDispatched();
    em.persist(fractal);
  }

  /**
   * Marks a pending record as dispatched (once more) and returns it as a task, or nothing when it
   * is gone or no longer pending.
   */
  public Optional<TaskMessage> markDispatched(String uuid) {
    Fractal fractal = em.find(Fractal.class, uuid, LockModeType.PESSIMISTIC_WRITE);
    if (fractal == null || fractal.getStatus() != FractalStatus.PENDING) {
      return Optional.empty();
    }
    fractal.markDispatched();
    return Optional.of(toTask(fractal));
  }

  /** Stores a worker's result unless the record already has one; never overwrites a result. */
  public Outcome complete(ResultMessage result) {
    Fractal fractal = em.find(Fractal.class, result.uuid(), LockModeType.PESSIMISTIC_WRITE);
    if (fractal == null) {
      return Outcome.UNKNOWN;
    }
    if (fractal.getStatus() == FractalStatus.DONE) {
      return Objects.equals(fractal.getChecksum(), result.checksum())
          ? Outcome.DUPLICATE
          : Outcome.CONFLICTING_DUPLICATE;
    }
    fractal.complete(
        result.duration(),
        result.checksum(),
        result.size(),
        result.generatedBy(),
        result.cx(),
        result.cy());
    FractalImage image = em.find(FractalImage.class, result.uuid());
    if (image == null) {
      em.persist(new FractalImage(result.uuid(), result.png(), result.thumbnail()));
    }
    return Outcome.STORED;
  }

  /** Marks a record that is not yet done as failed; returns false if there was none. */
  public boolean fail(String uuid, String reason) {
    Fractal fractal = em.find(Fractal.class, uuid, LockModeType.PESSIMISTIC_WRITE);
    if (fractal == null || fractal.getStatus() == FractalStatus.DONE) {
      return false;
    }
    fractal.fail(reason);
    return true;
  }

  /** Pending records last dispatched before {@code before}: their reply never came. */
  public List<Fractal> findStuck(LocalDateTime before, int limit) {
    return em.createNamedQuery("Fractal.findStuck", Fractal.class)
        .setParameter("status", FractalStatus.PENDING)
        .setParameter("before", before)
        .setMaxResults(limit)
        .getResultList();
  }

  /** Pending records created before {@code before} that were never dispatched. */
  public List<Fractal> findUndispatched(LocalDateTime before, int limit) {
    return em.createNamedQuery("Fractal.findUndispatched", Fractal.class)
        .setParameter("status", FractalStatus.PENDING)
        .setParameter("before", before)
        .setMaxResults(limit)
        .getResultList();
  }

  static TaskMessage toTask(Fractal f) {
    return new TaskMessage(
        f.getUuid(),
        f.width(),
        f.height(),
        f.iterations(),
        f.xa(),
        f.xb(),
        f.ya(),
        f.yb(),
        f.cx(),
        f.cy());
  }
}
