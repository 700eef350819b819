package io.github.faafo.api.control;

import io.github.faafo.fractal.entity.Fractal;
import io.github.faafo.messaging.DispatchRequest;
import io.github.faafo.messaging.LocalDispatch;
import io.github.faafo.messaging.MessageJson;
import io.github.faafo.messaging.PooledSender;
import io.github.faafo.messaging.ResourceNames;
import io.github.faafo.messaging.ServerResources;
import io.github.faafo.messaging.TaskMessage;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.jms.JMSException;
import jakarta.jms.Queue;
import java.util.List;
import java.util.logging.Logger;

/**
 * Gets the fractals a REST client created (or retried) rendered: hands their tasks to the producer
 * of this server when it runs here ({@link LocalDispatch}: no message, no second transaction), or
 * else announces them on the dispatch queue to any node's producer. If the broker is away the
 * records stay pending and the producer's sweep dispatches them later. The adapter's resources are
 * looked up on first use, so the API deploys (and its readiness can say what is missing) even when
 * the resource adapter is not there.
 */
@ApplicationScoped
public class DispatchRequests {

  private static final Logger LOG = Logger.getLogger("faafo.api");

  private final PooledSender sender = new PooledSender();
  private volatile Queue dispatchQueue;

  private Queue dispatchQueue() throws JMSException {
    if (dispatchQueue == null) {
      dispatchQueue = ServerResources.lookup(ResourceNames.DISPATCH_QUEUE, Queue.class);
    }
    return dispatchQueue;
  }

  /**
   * Checks that the broker answers through the adapter's pooled connections, borrowing one (a
   * readiness probe then costs no new connection while the pool holds a live one).
   *
   * @throws JMSException when the broker or the adapter's connector resource is not there
   */
  public void checkBroker() throws JMSException {
    sender.check();
  }

  /**
   * Whether this server's producer takes tasks directly now: then a create marks its records as
   * dispatched in its own transaction, and {@link #dispatch} hands them over.
   */
  public boolean handsOff() {
    return LocalDispatch.isOpen();
  }

  /**
   * Gets {@code records}, committed as pending, rendered; never fails the caller. When their
   * transaction stored them as dispatched ({@code handedOff}) they go to this server's producer;
   * otherwise, and when the producer cannot take them, they are announced in one message.
   */
  public void dispatch(List<Fractal> records, boolean handedOff) {
    if (handedOff && LocalDispatch.offer(records.stream().map(TaskMessage::of).toList())) {
      return;
    }
    announce(records.stream().map(Fractal::getUuid).toList());
  }

  /** Asks any node's producer to dispatch {@code uuids}, in one message; never fails the caller. */
  private void announce(List<String> uuids) {
    try {
      sender.send(
          dispatchQueue(),
          uuids.size() == 1 ? uuids.get(0) : null,
          null,
          MessageJson.toJson(DispatchRequest.of(uuids)));
    } catch (JMSException e) {
      LOG.warning(
          () ->
              "cannot announce "
                  + (uuids.size() == 1 ? "fractal " + uuids.get(0) : uuids.size() + " fractals")
                  + " to the producer ("
                  + e.getMessage()
                  + "); its sweep will dispatch "
                  + (uuids.size() == 1 ? "it" : "them"));
    }
  }
}
