package io.github.faafo.producer.control;

import io.github.faafo.fractal.control.Backlog;
import io.github.faafo.fractal.entity.Fractal;
import io.github.faafo.fractal.entity.FractalImage;
import io.github.faafo.fractal.entity.FractalStatus;
import io.github.faafo.messaging.ResultMessage;
import io.github.faafo.messaging.TaskMessage;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

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

  @Inject LeaseStore leases;

  /** The pending count when {@code adding} tasks would pass {@code backlog}; -1 when they fit. */
  public long backlogRefusal(Backlog backlog, int adding) {
    return backlog.refusal(em, adding);
  }

  /**
   * Creates the pending records of a generated batch, each marked as dispatched once, in one
   * transaction fenced by the generation lease ({@link LeaseStore#fence}): the lease's term they
   * were made under, or nothing, and nothing stored, when the database names another holder than
   * {@code holder}.
   */
  public OptionalLong createGenerated(List<TaskMessage> tasks, String holder) {
    OptionalLong term = leases.fence(ProducerLeases.GENERATION, holder);
    if (term.isPresent()) {
      for (TaskMessage task : tasks) {
        Fractal fractal = new Fractal(task.uuid(), task.parameters());
        fractal.generatedUnderTerm(term.getAsLong());
        fractal.markDispatched();
        em.persist(fractal);
      }
    }
    return term;
  }

  /**
   * Marks a pending record as dispatched (once more) and returns it as a task, or nothing when it
   * is gone or no longer pending.
   */
  public Optional<TaskMessage> markDispatched(String uuid) {
    return markDispatched(uuid, Integer.MAX_VALUE);
  }

  /**
   * As {@link #markDispatched(String)}, but nothing when the record was dispatched {@code
   * maxAttempts} times already.
   */
  public Optional<TaskMessage> markDispatched(String uuid, int maxAttempts) {
    Fractal fractal = em.find(Fractal.class, uuid, LockModeType.PESSIMISTIC_WRITE);
    if (fractal == null
        || fractal.getStatus() != FractalStatus.PENDING
        || fractal.getAttempts() >= maxAttempts) {
      return Optional.empty();
    }
    fractal.markDispatched();
    return Optional.of(TaskMessage.of(fractal));
  }

  /**
   * Marks those of the records {@code uuids} that are pending as dispatched (once more), locked
   * with one query in the order of their ids, and returns them as tasks.
   */
  public List<TaskMessage> markAllDispatched(List<String> uuids) {
    List<TaskMessage> tasks = new ArrayList<>(uuids.size());
    for (Fractal fractal : lockAll(uuids)) {
      if (fractal.getStatus() == FractalStatus.PENDING) {
        fractal.markDispatched();
        tasks.add(TaskMessage.of(fractal));
      }
    }
    return tasks;
  }

  /**
   * Sets the dispatch time of those of the records {@code uuids} that are still pending to now:
   * their tasks waited in this node's requestor and leave only now, so the stuck-task sweep of any
   * node counts their reply timeout from here.
   */
  public void markSentNow(List<String> uuids) {
    updatePendingDispatchedNow("", "", uuids);
  }

  /**
   * Takes back one dispatch of those of the records {@code uuids} that are still pending, and sets
   * their dispatch time to now: their tasks never left this node (it had no reply queue), so that
   * dispatch is not an attempt, and the stuck-task sweep of any node counts anew from here.
   */
  public void markNeverSent(List<String> uuids) {
    updatePendingDispatchedNow("f.attempts = f.attempts - 1, ", " AND f.attempts > 0", uuids);
  }

  /** Sets {@code set} and the dispatch time to now on those of {@code uuids} still pending. */
  private void updatePendingDispatchedNow(String set, String condition, List<String> uuids) {
    em.createQuery(
            "UPDATE Fractal f SET "
                + set
                + "f.dispatchedAt = :now WHERE f.uuid IN :uuids AND f.status = :pending"
                + condition)
        .setParameter("now", Fractal.now())
        .setParameter("uuids", inIdOrder(uuids))
        .setParameter("pending", FractalStatus.PENDING)
        .executeUpdate();
  }

  /** The ids once each, in the one order every statement that locks records takes them. */
  private static List<String> inIdOrder(List<String> uuids) {
    return uuids.stream().sorted().distinct().toList();
  }

  private List<Fractal> lockAll(List<String> uuids) {
    return em.createNamedQuery("Fractal.findByIds", Fractal.class)
        .setParameter("uuids", inIdOrder(uuids))
        .setLockMode(LockModeType.PESSIMISTIC_WRITE)
        .getResultList();
  }

  /** Stores a worker's result unless the record already has one; never overwrites a result. */
  public Outcome complete(ResultMessage result) {
    return completeAll(List.of(result)).get(0);
  }

  /**
   * Stores several results in one transaction (one commit, so one log flush, for all of them): the
   * records are locked with one query, in the order of their ids, as every batch locks them; each
   * result is judged as {@link #complete(ResultMessage)} judges it. The outcomes follow {@code
   * results}' order.
   */
  public List<Outcome> completeAll(List<ResultMessage> results) {
    List<String> ids = results.stream().map(ResultMessage::uuid).toList();
    Map<String, Fractal> locked = new HashMap<>();
    for (Fractal fractal : lockAll(ids)) {
      locked.put(fractal.getUuid(), fractal);
    }
    Set<String> withImage =
        new HashSet<>(
            em.createQuery("SELECT i.uuid FROM FractalImage i WHERE i.uuid IN :uuids", String.class)
                .setParameter("uuids", ids)
                .getResultList());
    List<Outcome> outcomes = new ArrayList<>(results.size());
    for (ResultMessage result : results) {
      Outcome outcome = complete(result, locked.get(result.uuid()), withImage);
      if (outcome == Outcome.STORED) {
        withImage.add(result.uuid());
      }
      outcomes.add(outcome);
    }
    return outcomes;
  }

  private Outcome complete(ResultMessage result, Fractal fractal, Set<String> withImage) {
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
    if (!withImage.contains(result.uuid())) {
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
}
