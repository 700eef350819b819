package io.github.faafo.api.control;

import io.github.faafo.fractal.control.Backlog;
import io.github.faafo.fractal.control.KeptCount;
import io.github.faafo.fractal.control.Violation;
import io.github.faafo.fractal.entity.Fractal;
import io.github.faafo.fractal.entity.FractalImage;
import io.github.faafo.fractal.entity.FractalParameters;
import io.github.faafo.fractal.entity.FractalStatus;
import jakarta.annotation.PostConstruct;
import jakarta.ejb.Stateless;
import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import jakarta.persistence.PersistenceContext;
import jakarta.persistence.criteria.CriteriaBuilder;
import jakarta.persistence.criteria.CriteriaQuery;
import jakarta.persistence.criteria.Path;
import jakarta.persistence.criteria.Predicate;
import jakarta.persistence.criteria.Root;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.eclipse.microprofile.config.Config;

/**
 * The API's transactions on the fractal tables (a stateless bean, so that its persistence context
 * resolves in the EAR as on Payara Micro). Parameters arrive already validated.
 */
@Stateless
public class FractalCatalog {

  @PersistenceContext(unitName = "faafo-api")
  EntityManager em;

  @Inject Config config;

  @Inject DispatchRequests dispatch;

  private Backlog backlog;

  @PostConstruct
  void init() {
    backlog = Backlog.from(config);
  }

  /**
   * What a create did: stored a new record, or found the same one from an earlier request; {@code
   * handedOff} when the new record was stored as dispatched, its task to be handed to this server's
   * producer ({@link DispatchRequests#dispatch}).
   */
  public record Creation(Fractal fractal, boolean created, boolean handedOff) {}

  /**
   * A fractal to create, under the client's id, or under a fresh UUID when {@code uuid} is null,
   * made from the fractal {@code parent} (a zoom), or from none when it is null.
   */
  public record NewFractal(String uuid, FractalParameters parameters, String parent) {}

  /**
   * Stores a new pending fractal under {@code uuid}, or a fresh UUID when it is null. When the id
   * is taken by a fractal with the same parameters (a client retrying a request whose answer it
   * lost), that one is returned and nothing is stored; the constant counts only when the request
   * gives one, since the worker records the constant it picked. When this server's producer takes
   * hand-offs ({@link DispatchRequests#handsOff}), the record is stored as dispatched once, in the
   * same transaction, and {@link DispatchRequests#dispatch} hands its task over after the commit.
   *
   * @throws ConflictException when the id names a fractal with other parameters
   */
  public Creation create(String uuid, FractalParameters parameters) {
    return createAll(List.of(new NewFractal(uuid, parameters, null)), false).get(0);
  }

  /**
   * Creates each of {@code fractals} as {@link #create} does, all in this one transaction (one
   * commit for all), in their order; when any of them conflicts, none is stored. The new records
   * are all stored as dispatched, or none. The ids of a {@code batch} are named {@code [i].uuid} in
   * a conflict, as the API names its items.
   *
   * @throws ConflictException when an id names a fractal with other parameters
   * @throws BacklogFullException when the new ones would pass {@code faafo.task.max-pending}
   */
  public List<Creation> createAll(List<NewFractal> fractals, boolean batch) {
    List<String> ids = fractals.stream().map(NewFractal::uuid).filter(Objects::nonNull).toList();
    Map<String, Fractal> existing = new HashMap<>();
    if (!ids.isEmpty()) {
      em.createNamedQuery("Fractal.findByIds", Fractal.class)
          .setParameter("uuids", ids)
          .getResultList()
          .forEach(f -> existing.put(f.getUuid(), f));
    }
    List<Violation> conflicts = new ArrayList<>();
    for (int i = 0; i < fractals.size(); i++) {
      NewFractal wanted = fractals.get(i);
      Fractal found = wanted.uuid() == null ? null : existing.get(wanted.uuid());
      if (found != null && !sameTask(found, wanted)) {
        conflicts.add(
            new Violation(
                batch ? "[" + i + "].uuid" : "uuid", "names a fractal with other parameters"));
      }
    }
    if (!conflicts.isEmpty()) {
      throw new ConflictException(
          conflicts.size() == 1 && !batch
              ? "fractal " + fractals.get(0).uuid() + " exists with other parameters"
              : conflicts.size() + " id(s) name fractals with other parameters; nothing created",
          conflicts);
    }
    checkParents(fractals, existing, batch);
    int adding =
        (int)
            fractals.stream()
                .filter(wanted -> wanted.uuid() == null || !existing.containsKey(wanted.uuid()))
                .count();
    long pending = adding == 0 ? -1 : backlog.refusal(em, adding);
    if (pending >= 0) {
      throw new BacklogFullException(
          pending
              + " fractals wait for rendering (faafo.task.max-pending "
              + backlog.maxPending()
              + "); nothing created, try again later");
    }
    boolean handOff = dispatch.handsOff();
    List<Creation> creations = new ArrayList<>(fractals.size());
    for (NewFractal wanted : fractals) {
      Fractal found = wanted.uuid() == null ? null : existing.get(wanted.uuid());
      if (found != null) {
        creations.add(new Creation(found, false, false));
        continue;
      }
      String uuid = wanted.uuid() != null ? wanted.uuid() : UUID.randomUUID().toString();
      Fractal fractal = new Fractal(uuid, wanted.parameters(), wanted.parent());
      if (handOff) {
        fractal.markDispatched();
      }
      em.persist(fractal);
      creations.add(new Creation(fractal, true, handOff));
    }
    return creations;
  }

  /**
   * Every parent of a fractal to be stored must exist now (one lookup for all); a parent deleted
   * later leaves its children as they are. A repeated create is not checked again: its record
   * stands even when its parent has gone since.
   *
   * @throws UnknownParentException naming each {@code parent} that names no fractal
   */
  private void checkParents(
      List<NewFractal> fractals, Map<String, Fractal> existing, boolean batch) {
    List<String> parents =
        fractals.stream()
            .filter(wanted -> wanted.uuid() == null || !existing.containsKey(wanted.uuid()))
            .map(NewFractal::parent)
            .filter(Objects::nonNull)
            .distinct()
            .toList();
    if (parents.isEmpty()) {
      return;
    }
    Set<String> found =
        new HashSet<>(
            em.createNamedQuery("Fractal.findExistingIds", String.class)
                .setParameter("uuids", parents)
                .getResultList());
    List<Violation> unknown = new ArrayList<>();
    for (int i = 0; i < fractals.size(); i++) {
      NewFractal wanted = fractals.get(i);
      boolean adding = wanted.uuid() == null || !existing.containsKey(wanted.uuid());
      if (adding && wanted.parent() != null && !found.contains(wanted.parent())) {
        unknown.add(
            new Violation(
                batch ? "[" + i + "].parent" : "parent",
                "names no fractal: " + wanted.parent() + " does not exist (or no longer)"));
      }
    }
    if (!unknown.isEmpty()) {
      throw new UnknownParentException(
          "request has " + unknown.size() + " invalid field(s)", unknown);
    }
  }

  /**
   * Whether a stored fractal is the one {@code wanted} asks for: the same parameters, and the same
   * constant and parent when the request gives them.
   */
  private static boolean sameTask(Fractal stored, NewFractal wanted) {
    return stored.parameters().satisfies(wanted.parameters())
        && (wanted.parent() == null || wanted.parent().equals(stored.getParent()));
  }

  public Optional<Fractal> find(String uuid) {
    return Optional.ofNullable(em.find(Fractal.class, uuid));
  }

  /**
   * Newest first; {@code page} is 1-based. A later page first finds the block of {@code seq} values
   * it starts in from the counts the database keeps per block, then walks the {@code seq} index
   * within that block alone (at most 65,536 entries) to where it starts, and reads just its own
   * rows: no walk from the newest record to a deep offset.
   */
  public List<Fractal> list(int page, int pageSize) {
    var query = em.createNamedQuery("Fractal.findAll", Fractal.class).setMaxResults(pageSize);
    long skipped = (long) (page - 1) * pageSize;
    if (skipped == 0) {
      return query.getResultList();
    }
    Optional<KeptCount.Position> position = KeptCount.position(em, skipped);
    if (position.isEmpty()) {
      return List.of();
    }
    List<?> start =
        em.createNativeQuery(
                "SELECT seq FROM fractal WHERE seq < ?1 ORDER BY seq DESC LIMIT 1 OFFSET ?2")
            .setParameter(1, position.get().seqBelow())
            .setParameter(2, position.get().within())
            .getResultList();
    if (start.isEmpty()) {
      return List.of();
    }
    return em.createNamedQuery("Fractal.findFrom", Fractal.class)
        .setParameter("seq", ((Number) start.get(0)).longValue())
        .setMaxResults(pageSize)
        .getResultList();
  }

  /**
   * The {@code pageSize} fractals just older than {@code uuid}, newest first: one primary-key
   * lookup and a range of the {@code seq} index, so any page costs what the first does; empty when
   * {@code uuid} names no fractal (deleted since the client saw it).
   */
  public Optional<List<Fractal>> listAfter(String uuid, int pageSize) {
    List<?> seq =
        em.createNativeQuery("SELECT seq FROM fractal WHERE uuid = ?1")
            .setParameter(1, uuid)
            .getResultList();
    if (seq.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        em.createNamedQuery("Fractal.findFrom", Fractal.class)
            .setParameter("seq", ((Number) seq.get(0)).longValue() - 1)
            .setMaxResults(pageSize)
            .getResultList());
  }

  /**
   * How many fractals there are, from the count the database keeps (migration V8: rows per block of
   * {@code seq} that triggers keep exact on every insert and delete), not a scan of the table.
   */
  public long count() {
    return KeptCount.of(em);
  }

  /**
   * What an update did: the record as it is now, whether it was a retry to dispatch, and whether
   * that retry was stored as dispatched, its task to be handed to this server's producer.
   */
  public record Update(Fractal fractal, boolean retried, boolean handedOff) {}

  /**
   * Applies a partial update under a row lock, so that it cannot interleave with a result being
   * stored; empty when there is no such fractal.
   *
   * @throws ConflictException when the update would break the record (nothing is changed)
   */
  public Optional<Update> update(
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
    boolean retry = fractal.getStatus() == FractalStatus.FAILED && status == FractalStatus.PENDING;
    List<Violation> conflicts = fractal.update(status, checksum, duration, size, generatedBy);
    if (!conflicts.isEmpty()) {
      throw new ConflictException(
          "the update conflicts with the fractal's state in " + conflicts.size() + " field(s)",
          conflicts);
    }
    boolean handOff = retry && dispatch.handsOff();
    if (handOff) {
      fractal.markDispatched();
    }
    return Optional.of(new Update(fractal, retry, handOff));
  }

  /** The fractals {@code search} finds, the page of them asked for, and how many it found. */
  public record Found(List<Fractal> page, long total) {}

  /**
   * Runs {@code search} as a Criteria query: within its window ({@code offset}, {@code limit}),
   * page {@code page} (1-based) of {@code pageSize}; ordered as asked, then newest first.
   */
  public Found search(FractalSearch search, int page, int pageSize) {
    CriteriaBuilder cb = em.getCriteriaBuilder();
    CriteriaQuery<Long> counting = cb.createQuery(Long.class);
    Root<Fractal> counted = counting.from(Fractal.class);
    counting.select(cb.count(counted));
    if (search.filter() != null) {
      counting.where(predicate(cb, counted, search.filter()));
    }
    long matching = em.createQuery(counting).getSingleResult();
    int offset = search.offset() == null ? 0 : search.offset();
    long window = Math.max(0, matching - offset);
    if (search.limit() != null) {
      window = Math.min(window, search.limit());
    }
    long first = (long) (page - 1) * pageSize;
    if (first >= window) {
      return new Found(List.of(), window);
    }
    CriteriaQuery<Fractal> query = cb.createQuery(Fractal.class);
    Root<Fractal> f = query.from(Fractal.class);
    if (search.filter() != null) {
      query.where(predicate(cb, f, search.filter()));
    }
    List<jakarta.persistence.criteria.Order> order = new ArrayList<>();
    for (FractalSearch.Order by : search.orderBy()) {
      Path<?> path = path(f, by.field());
      order.add(by.ascending() ? cb.asc(path) : cb.desc(path));
    }
    order.add(cb.desc(f.get("seq")));
    query.orderBy(order);
    List<Fractal> found =
        em.createQuery(query)
            .setFirstResult((int) Math.min(Integer.MAX_VALUE, offset + first))
            .setMaxResults((int) Math.min(pageSize, window - first))
            .getResultList();
    return new Found(found, window);
  }

  /** The field's attribute, which may lie in the record's parameters ({@code parameters.xa}). */
  private static Path<?> path(Root<Fractal> f, FractalSearch.Field field) {
    Path<?> path = f;
    for (String name : field.attribute().split("\\.")) {
      path = path.get(name);
    }
    return path;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static Predicate predicate(
      CriteriaBuilder cb, Root<Fractal> f, FractalSearch.Filter filter) {
    if (filter instanceof FractalSearch.Group group) {
      Predicate[] members =
          group.members().stream().map(m -> predicate(cb, f, m)).toArray(Predicate[]::new);
      return group.any() ? cb.or(members) : cb.and(members);
    }
    FractalSearch.Condition condition = (FractalSearch.Condition) filter;
    Path path = path(f, condition.field());
    Object value = condition.value();
    return switch (condition.op()) {
      case EQ -> cb.equal(path, value);
      case NE -> cb.notEqual(path, value);
      case LT -> cb.lessThan(path, (Comparable) value);
      case LE -> cb.lessThanOrEqualTo(path, (Comparable) value);
      case GT -> cb.greaterThan(path, (Comparable) value);
      case GE -> cb.greaterThanOrEqualTo(path, (Comparable) value);
      case IN -> ((List<?>) value).isEmpty() ? cb.disjunction() : path.in((List<?>) value);
      case NOT_IN ->
          ((List<?>) value).isEmpty() ? cb.conjunction() : cb.not(path.in((List<?>) value));
      case IS_NULL -> cb.isNull(path);
      case IS_NOT_NULL -> cb.isNotNull(path);
      case LIKE -> cb.like(path, (String) value);
      case ILIKE -> cb.like(cb.lower(path), ((String) value).toLowerCase(Locale.ROOT));
    };
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
