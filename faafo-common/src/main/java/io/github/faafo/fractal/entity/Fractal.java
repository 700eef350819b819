package io.github.faafo.fractal.entity;

import io.github.faafo.fractal.control.Violation;
import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQueries;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * One fractal: the task's parameters and, once a worker replied, what it rendered. The API creates
 * and lists these; the producer dispatches and completes them.
 */
@Entity
@Table(name = "fractal")
@NamedQueries({
  @NamedQuery(name = "Fractal.findAll", query = "SELECT f FROM Fractal f ORDER BY f.seq DESC"),
  @NamedQuery(
      name = "Fractal.findFrom",
      query = "SELECT f FROM Fractal f WHERE f.seq <= :seq ORDER BY f.seq DESC"),
  @NamedQuery(
      name = "Fractal.findByIds",
      query = "SELECT f FROM Fractal f WHERE f.uuid IN :uuids ORDER BY f.uuid"),
  @NamedQuery(
      name = "Fractal.findExistingIds",
      query = "SELECT f.uuid FROM Fractal f WHERE f.uuid IN :uuids"),
  @NamedQuery(name = "Fractal.deleteByUuid", query = "DELETE FROM Fractal f WHERE f.uuid = :uuid"),
  @NamedQuery(
      name = "Fractal.findStuck",
      query =
          "SELECT f FROM Fractal f WHERE f.status = :status AND f.dispatchedAt < :before"
              + " ORDER BY f.dispatchedAt"),
  @NamedQuery(
      name = "Fractal.findUndispatched",
      query =
          "SELECT f FROM Fractal f WHERE f.status = :status AND f.dispatchedAt IS NULL"
              + " AND f.createdAt < :before ORDER BY f.createdAt")
})
public class Fractal {

  @Id
  @Column(length = 36)
  private String uuid;

  /** Creation order, assigned by the database (newest first lists sort on it). */
  @Column(insertable = false, updatable = false)
  private Long seq;

  @Embedded private FractalParameters parameters;

  /** The fractal this one was made from in the gallery (a zoom), or null; may be gone since. */
  @Column(length = 36)
  private String parent;

  @Column(length = 16, nullable = false)
  private FractalStatus status;

  @Column(length = 64)
  private String checksum;

  private Double duration;
  private Long size;

  @Column(name = "generated_by")
  private String generatedBy;

  @Column(length = 1024)
  private String reason;

  private int attempts;

  @Column(name = "dispatched_at")
  private LocalDateTime dispatchedAt;

  @Column(name = "created_at", nullable = false)
  private LocalDateTime createdAt;

  @Column(name = "updated_at", nullable = false)
  private LocalDateTime updatedAt;

  /** When the administrator last changed it; the retention policy never deletes such a record. */
  @Column(name = "edited_at")
  private LocalDateTime editedAt;

  /** The generation lease's term it was generated under; null when the API made it. */
  @Column(name = "lease_term")
  private Long leaseTerm;

  protected Fractal() {}

  /** A new pending fractal with the given parameters. */
  public Fractal(String uuid, FractalParameters p) {
    this(uuid, p, null);
  }

  /** A new pending fractal with the given parameters, made from {@code parent} (or null). */
  public Fractal(String uuid, FractalParameters p, String parent) {
    this.uuid = uuid;
    this.parent = parent;
    this.parameters = p;
    this.status = FractalStatus.PENDING;
    this.createdAt = now();
    this.updatedAt = createdAt;
  }

  /** The current time in UTC, at millisecond precision as the columns store it. */
  public static LocalDateTime now() {
    LocalDateTime t = LocalDateTime.now(ZoneOffset.UTC);
    return t.withNano(t.getNano() / 1_000_000 * 1_000_000);
  }

  /**
   * Records that the producer generated it while holding the generation lease under {@code term}.
   */
  public void generatedUnderTerm(long term) {
    this.leaseTerm = term;
  }

  /** Records that the task was (again) sent to the workers. */
  public void markDispatched() {
    attempts++;
    dispatchedAt = now();
    updatedAt = dispatchedAt;
  }

  /** Stores a worker's result; the constant is the one the worker actually used. */
  public void complete(
      double duration, String checksum, long size, String generatedBy, double cx, double cy) {
    this.duration = duration;
    this.checksum = checksum;
    this.size = size;
    this.generatedBy = generatedBy;
    this.parameters = parameters.withConstant(cx, cy);
    this.status = FractalStatus.DONE;
    this.reason = null;
    this.updatedAt = now();
  }

  /** Gives up on this fractal, saying why. */
  public void fail(String reason) {
    this.status = FractalStatus.FAILED;
    this.reason = reason == null || reason.length() <= 1024 ? reason : reason.substring(0, 1024);
    this.updatedAt = now();
  }

  /** The reason a fractal gets when an administrator cancels it. */
  public static final String CANCELLED = "cancelled by the administrator";

  /**
   * Applies an administrator's partial update, all of it or none of it. The pipeline owns the
   * result, so that the stored image always matches its checksum and size: those two may only be
   * restated as they are, and the status may only go from pending to failed (a cancellation, with
   * {@link #CANCELLED} as its reason) or from failed to pending (a retry: no reason, no attempts
   * yet, to be dispatched anew). {@code duration} and {@code generated_by} change freely.
   *
   * @return the fields that conflict with these rules; empty when the update was applied
   */
  public List<Violation> update(
      FractalStatus status, String checksum, Double duration, Long size, String generatedBy) {
    List<Violation> conflicts = new ArrayList<>();
    if (checksum != null && !checksum.equals(this.checksum)) {
      conflicts.add(
          new Violation(
              "checksum",
              this.checksum == null
                  ? "cannot be set: the fractal has no image yet"
                  : "must be the stored image's checksum " + this.checksum));
    }
    if (size != null && !size.equals(this.size)) {
      conflicts.add(
          new Violation(
              "size",
              this.size == null
                  ? "cannot be set: the fractal has no image yet"
                  : "must be the stored image's size " + this.size));
    }
    boolean cancel = status == FractalStatus.FAILED && this.status == FractalStatus.PENDING;
    boolean retry = status == FractalStatus.PENDING && this.status == FractalStatus.FAILED;
    if (status != null && status != this.status && !cancel && !retry) {
      conflicts.add(
          new Violation(
              "status",
              "cannot change from "
                  + this.status.label()
                  + " to "
                  + status.label()
                  + "; only pending to failed (cancel) and failed to pending (retry) are allowed"));
    }
    if (!conflicts.isEmpty()) {
      return conflicts;
    }
    if (cancel) {
      fail(CANCELLED);
    }
    if (retry) {
      this.status = FractalStatus.PENDING;
      this.reason = null;
      this.attempts = 0;
      this.dispatchedAt = null;
    }
    if (duration != null) {
      this.duration = duration;
    }
    if (generatedBy != null) {
      this.generatedBy = generatedBy;
    }
    this.updatedAt = now();
    this.editedAt = updatedAt;
    return conflicts;
  }

  public String getUuid() {
    return uuid;
  }

  public FractalParameters parameters() {
    return parameters;
  }

  public String getParent() {
    return parent;
  }

  public FractalStatus getStatus() {
    return status;
  }

  public String getChecksum() {
    return checksum;
  }

  public Double getDuration() {
    return duration;
  }

  public Long getSize() {
    return size;
  }

  public String getGeneratedBy() {
    return generatedBy;
  }

  public String getReason() {
    return reason;
  }

  public int getAttempts() {
    return attempts;
  }

  public LocalDateTime getDispatchedAt() {
    return dispatchedAt;
  }

  public LocalDateTime getCreatedAt() {
    return createdAt;
  }

  public LocalDateTime getEditedAt() {
    return editedAt;
  }

  public LocalDateTime getUpdatedAt() {
    return updatedAt;
  }
}
