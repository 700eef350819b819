package io.github.faafo.messaging;

import jakarta.jms.JMSException;
import javax.naming.InitialContext;
import javax.naming.NamingException;

/**
 * Looks up the server's messaging resources when they are first used rather than at deployment: on
 * Payara Server the adapter's administered objects can only be created once the EAR that embeds the
 * adapter is deployed.
 */
public final class ServerResources {

  private ServerResources() {}

  /** The resource bound at {@code jndiName}, or a JMSException that says which one is missing. */
  public static <T> T lookup(String jndiName, Class<T> type) throws JMSException {
    try {
      return type.cast(InitialContext.doLookup(jndiName));
    } catch (NamingException | ClassCastException e) {
      JMSException missing =
          new JMSException(
              "server resource "
                  + jndiName
                  + " is not available ("
                  + e
                  + "); the server-config scripts create it");
      missing.initCause(e);
      throw missing;
    }
  }
}
