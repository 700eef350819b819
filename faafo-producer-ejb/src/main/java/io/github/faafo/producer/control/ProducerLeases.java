package io.github.faafo.producer.control;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Which once-per-cluster work this node may do now: it holds a lease in the database for {@code
 * faafo.producer.lease-seconds}, renews it every third of that, and believes it holds a lease only
 * until a third of the time before the database would let another node take it, so that two nodes
 * never both believe they hold one.
 */
@ApplicationScoped
public class ProducerLeases {

  /** The timer's batches: contended by the nodes whose producer timer is on. */
  public static final String GENERATION = "generation";

  /** The stuck-task sweep: contended by every node with the producer module. */
  public static final String SWEEP = "sweep";

  private static final Logger LOG = Logger.getLogger("faafo.producer");

  @Inject LeaseStore store;

  @Inject ProducerMetrics metrics;

  @Inject
  @ConfigProperty(name = "faafo.producer.lease-seconds")
  long leaseSeconds;

  private String node;

  /** Per lease, until when (System.nanoTime) this node may act as its holder. */
  private final Map<String, Long> heldUntil = new ConcurrentHashMap<>();

  @PostConstruct
  void init() {
    node = hostName() + "/" + UUID.randomUUID();
    metrics.watchLeases(this);
  }

  /** This node's name in the lease table: the host and an id of this start. */
  public String node() {
    return node;
  }

  /** How often the holder renews: a third of the lease. */
  public long renewSeconds() {
    return Math.max(1, leaseSeconds / 3);
  }

  /** Takes or renews lease {@code name}; logs when this node gains or loses it. */
  public void renew(String name) {
    long asked = System.nanoTime();
    boolean held;
    try {
      held = store.holdOrTake(name, node, leaseSeconds);
    } catch (RuntimeException e) {
      held = false;
      LOG.warning(() -> "cannot renew the " + name + " lease (" + e.getMessage() + ")");
    }
    boolean before = holds(name);
    if (held) {
      heldUntil.put(name, asked + (leaseSeconds - renewSeconds()) * 1_000_000_000L);
      if (!before) {
        LOG.info(() -> "this node (" + node + ") now holds the " + name + " lease");
      }
    } else {
      heldUntil.remove(name);
      if (before) {
        LOG.warning(() -> "this node (" + node + ") lost the " + name + " lease");
      }
    }
  }

  /** True while this node holds lease {@code name}. */
  public boolean holds(String name) {
    Long until = heldUntil.get(name);
    return until != null && System.nanoTime() - until < 0;
  }

  /** Gives up the leases this node holds (a clean shutdown), so that another takes over at once. */
  public void releaseAll() {
    for (String name : heldUntil.keySet()) {
      heldUntil.remove(name);
      try {
        store.release(name, node);
      } catch (RuntimeException e) {
        LOG.fine(() -> "cannot release the " + name + " lease: " + e.getMessage());
      }
    }
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown-host";
    }
  }
}
