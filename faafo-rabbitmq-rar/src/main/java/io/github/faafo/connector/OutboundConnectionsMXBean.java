package io.github.faafo.connector;

/**
 * What the adapter's outbound side tells the platform MBean server as {@code
 * io.github.faafo:type=OutboundConnections}, and how an administrator or an application has every
 * pooled connection replaced at once.
 */
public interface OutboundConnectionsMXBean {

  /** Pooled broker connections open now, in every pool of the adapter. */
  int getOpen();

  /** Connections retired since the adapter started (by {@link #retireAll}). */
  long getRetired();

  /**
   * Marks every connection open now as broken, for {@code reason}: the servers' pools drop each,
   * idle ones at once and lent ones when they come back, and open new ones as they are needed. For
   * a connection that still looks open but no longer delivers what it is given. Returns how many.
   */
  int retireAll(String reason);
}
