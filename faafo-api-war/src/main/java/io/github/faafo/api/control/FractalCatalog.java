package io.github.faafo.api.control;

import io.github.faafo.fractal.control.FractalParameters;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.fractal.entity.Fractal;
import io.github.faafo.fractal.entity.FractalImage;
import io.github.faafo.fractal.entity.FractalStatus;
import jakarta.ejb.Stateless;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The API's transactions on the fractal tables (a stateless bean, so that its persistence context
 * resolves in the EAR as on Payara Micro). Parameters arrive already validated.
 */
@Stateless
public class FractalCatalog {

  @PersistenceContext(unitName = "faafo-api")
  EntityManager em;

  /** Stores a new pending fractal with a fresh UUID. */
  public Fractal create(FractalParameters parameters) {
    Fractal fractal = new Fractal(UUID.randomUUID().toString(), parameters);
    em.persist(fractal);
    return fractal;
  }

  public Optional<Fractal> find(String uuid) {
    return Optional.ofNullable(em.find(Fractal.class, uuid));
  }

  /** Newest first; {@code page} is 1-based. */
  public List<Fractal> list(int page, int pageSize) {
    return em.createNamedQuery("Fractal.findAll", Fractal.class)
        .setFirstResult((page - 1) * pageSize)
        .setMaxResults(pageSize)
        .getResultList();
  }

  public long count() {
    return em.createNamedQuery("Fractal.countAll", Long.class).getSingleResult();
  }

  /**
   * Applies a partial update under a row lock, so that it cannot interleave with a result being
   * stored; empty when there is no such fractal.
   *
   * @throws UpdateConflictException when the update would break the record (nothing is changed)
   */
  public Optional<Fractal> update(
      String uuid,
      FractalStatus status,
      String checksum,
      Double duration,
      Long size,
      String generatedBy) {
    Fractal fractal = em.find(Fractal.class, uuid, LockModeType.PESSIMISTIC_WRITE);
    if (fractal == null) {
      return Optional.empty();
    }
    List<Violation> conflicts = fractal.update(status, checksum, duration, size, generatedBy);
    if (!conflicts.isEmpty()) {
      throw new UpdateConflictException(conflicts);
    }
    return Optional.of(fractal);
  }

  /**
   * Deletes the fractal and, through the foreign key, its image; false if there was none. One
   * DELETE statement, so of several concurrent deletes of one fractal exactly one finds it.
   */
  public boolean delete(String uuid) {
    return em.createNamedQuery("Fractal.deleteByUuid").setParameter("uuid", uuid).executeUpdate()
        == 1;
  }

  /** The stored PNG, as the worker encoded it. */
  public Optional<byte[]> png(String uuid) {
    return Optional.ofNullable(em.find(FractalImage.class, uuid)).map(FractalImage::getPng);
  }

  /** The stored thumbnail PNG. */
  public Optional<byte[]> thumbnail(String uuid) {
    return Optional.ofNullable(em.find(FractalImage.class, uuid)).map(FractalImage::getThumbnail);
  }
}
